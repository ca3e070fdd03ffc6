import { Text, View } from '@tarojs/components';
import './index.scss';

/**
 * 1–5 stars. Editable: each star is `#<id>-<n>`, the row carries `data-value`. Read-only when
 * `onChange` is left out.
 */
export default function RatingStars(props: {
  id?: string;
  value: number | null | undefined;
  onChange?: (value: number) => void;
  small?: boolean;
}) {
  const { id, value, onChange, small } = props;
  const current = value ?? 0;
  return (
    <View className={`rating-stars${small ? ' rating-stars--small' : ''}`} id={id} data-value={current}>
      {[1, 2, 3, 4, 5].map((n) => (
        <Text
          key={n}
          id={id ? `${id}-${n}` : undefined}
          className={`rating-stars__star${n <= current ? ' rating-stars__star--on' : ''}`}
          onClick={onChange ? () => onChange(n) : undefined}
        >
          ★
        </Text>
      ))}
    </View>
  );
}
