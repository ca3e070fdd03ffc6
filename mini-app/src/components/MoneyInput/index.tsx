import { Input, Text, View } from '@tarojs/components';
import { isYuanText } from '../../utils/money';
import './index.scss';

/** An amount typed in 元 (kept as text; `yuanToFen` turns it into fen when sending). */
export default function MoneyInput(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  const { id, value, onChange, placeholder } = props;
  return (
    <View className={`money-input${isYuanText(value) ? '' : ' money-input--invalid'}`}>
      <Text className="money-input__sign">¥</Text>
      <Input
        id={id}
        className="money-input__field"
        type="digit"
        value={value}
        maxlength={12}
        placeholder={placeholder ?? '0.00'}
        onInput={(e) => onChange(e.detail.value)}
      />
      <Text className="money-input__unit">元</Text>
    </View>
  );
}
