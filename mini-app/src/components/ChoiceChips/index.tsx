import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import './index.scss';

export interface Choice<V extends string | number = number> {
  id: V;
  label: string;
  /** Greyed out and not tappable. */
  disabled?: boolean;
  /** Shown after the label, e.g. why it is disabled. */
  tag?: ReactNode;
}

/** A row of tappable chips (`#<idPrefix>-<id>`, `data-active`), one of them selected. */
export default function ChoiceChips<V extends string | number = number>(props: {
  idPrefix: string;
  choices: Choice<V>[];
  value: V | null | undefined;
  onChange: (id: V) => void;
}) {
  const { idPrefix, choices, value, onChange } = props;
  return (
    <View className="choice-chips">
      {choices.map((choice) => (
        <View
          key={choice.id}
          id={`${idPrefix}-${choice.id}`}
          data-active={choice.id === value ? 'true' : 'false'}
          className={`choice-chip${choice.id === value ? ' choice-chip--active' : ''}${choice.disabled ? ' choice-chip--disabled' : ''}`}
          onClick={() => {
            if (!choice.disabled) onChange(choice.id);
          }}
        >
          {choice.label}
          {choice.tag}
        </View>
      ))}
    </View>
  );
}
