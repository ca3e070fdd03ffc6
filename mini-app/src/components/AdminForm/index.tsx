import { Input, Text, View } from '@tarojs/components';
import ChoiceChips from '../ChoiceChips';
import FieldError from '../FieldError';
import type { AdminField, AdminValues } from './spec';
import './index.scss';

export * from './spec';

/**
 * One renderer for every admin form: fields `#<id>-<name>` (chips `#<id>-<name>-<choice>`,
 * errors `#<id>-error-<name>`); one column on a phone, two from 1024 px on.
 */
export default function AdminForm(props: {
  id: string;
  fields: AdminField[];
  values: AdminValues;
  errors: Record<string, string>;
  onChange: (name: string, value: AdminValues[string]) => void;
}) {
  const { id, fields, values, errors, onChange } = props;
  return (
    <View className="admin-form" id={id}>
      {fields.map((field) => (
        <View
          key={field.name}
          className={`admin-form__field${field.kind === 'multi' ? ' admin-form__field--wide' : ''}`}
          id={`${id}-field-${field.name}`}
        >
          <Text className="admin-form__label">{field.label}</Text>
          <FieldControl id={id} field={field} value={values[field.name]} onChange={(v) => onChange(field.name, v)} />
          <FieldError form={id} field={field.name} message={errors[field.name]} />
        </View>
      ))}
    </View>
  );
}

function FieldControl(props: {
  id: string;
  field: AdminField;
  value: AdminValues[string] | undefined;
  onChange: (value: AdminValues[string]) => void;
}) {
  const { id, field, value, onChange } = props;
  const inputId = `${id}-${field.name}`;
  switch (field.kind) {
    case 'text':
      return (
        <Input
          id={inputId}
          className="form-input admin-form__input"
          value={String(value ?? '')}
          maxlength={field.max}
          placeholder={field.placeholder ?? `请填写${field.label}`}
          onInput={(e) => onChange(e.detail.value)}
        />
      );
    case 'number':
      return (
        <View className="admin-form__number">
          <Input
            id={inputId}
            className="form-input admin-form__input"
            type="number"
            value={String(value ?? '')}
            placeholder={field.placeholder ?? (field.optional ? '选填' : `请填写${field.label}`)}
            onInput={(e) => onChange(e.detail.value)}
          />
          {field.unit ? <Text className="admin-form__unit">{field.unit}</Text> : null}
        </View>
      );
    case 'choice':
      return field.choices.length === 0 ? (
        <Text className="muted" id={`${inputId}-empty`}>
          {field.emptyText ?? '暂无可选项'}
        </Text>
      ) : (
        <ChoiceChips
          idPrefix={inputId}
          choices={field.choices}
          value={value as string | number | null}
          onChange={(choice) => onChange(field.optional && choice === value ? null : choice)}
        />
      );
    case 'multi': {
      const picked = Array.isArray(value) ? value : [];
      if (field.choices.length === 0) {
        return (
          <Text className="muted" id={`${inputId}-empty`}>
            {field.emptyText ?? '暂无可选项'}
          </Text>
        );
      }
      return (
        <View className="choice-chips">
          {field.choices.map((choice) => {
            const on = picked.includes(choice.id);
            return (
              <View
                key={choice.id}
                id={`${inputId}-${choice.id}`}
                data-active={on ? 'true' : 'false'}
                className={`choice-chip${on ? ' choice-chip--active' : ''}`}
                onClick={() => onChange(on ? picked.filter((p) => p !== choice.id) : [...picked, choice.id])}
              >
                {on ? '✓ ' : ''}
                {choice.label}
              </View>
            );
          })}
        </View>
      );
    }
    case 'switch': {
      const on = Boolean(value);
      return (
        <View
          id={inputId}
          className={`admin-switch${on ? ' admin-switch--on' : ''}`}
          data-on={on ? 'true' : 'false'}
          onClick={() => onChange(!on)}
        >
          <View className="admin-switch__track">
            <View className="admin-switch__knob" />
          </View>
          <Text>{on ? field.on : field.off}</Text>
        </View>
      );
    }
  }
}
