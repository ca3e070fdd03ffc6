import { View } from '@tarojs/components';
import './index.scss';

export interface Choice {
  id: number;
  label: string;
}

/** A row of tappable chips (`#<idPrefix>-<id>`), one of them selected. */
export default function ChoiceChips(props: {
  idPrefix: string;
  choices: Choice[];
  value: number | null | undefined;
  onChange: (id: number) => void;
}) {
  const { idPrefix, choices, value, onChange } = props;
  return (
    <View className="choice-chips">
      {choices.map((choice) => (
        <View
          key={choice.id}
          id={`${idPrefix}-${choice.id}`}
          className={`choice-chip${choice.id === value ? ' choice-chip--active' : ''}`}
          onClick={() => onChange(choice.id)}
        >
          {choice.label}
        </View>
      ))}
    </View>
  );
}
