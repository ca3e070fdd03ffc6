import { Input, Text, View } from '@tarojs/components';
import type { StaffFormOptions } from '@linli/shared';
import ChoiceChips from '../ChoiceChips';
import FieldError from '../FieldError';
import { choicesOf, toggled, type RightsField, type RightsValues } from './spec';
import './index.scss';

/**
 * The one renderer of the invitation and member forms: each field of the spec as chips (single
 * or multiple) or a text input, `#<form>-<key>` / `#<form>-<key>-<id>`, errors under each.
 */
export default function StaffRightsForm(props: {
  form: string;
  fields: RightsField[];
  options: StaffFormOptions;
  value: RightsValues;
  errors: Record<string, string>;
  onChange: (value: RightsValues) => void;
}) {
  const { form, fields, options, value, errors, onChange } = props;
  return (
    <View className="rights-form" id={`${form}-fields`}>
      {fields.map((field) => (
        <View
          className={`form-field${field.kind === 'multi' ? ' rights-form__field--wide' : ''}`}
          key={field.key}
          id={`${form}-${field.key}`}
        >
          <Text className="form-label">{field.label}</Text>
          {field.kind === 'text' ? (
            <Input
              id={`${form}-${field.key}-input`}
              className="form-input"
              value={value[field.key]}
              maxlength={field.maxLength}
              placeholder={field.placeholder}
              onInput={(e) => onChange({ ...value, [field.key]: e.detail.value })}
            />
          ) : field.kind === 'multi' ? (
            <View className="choice-chips">
              {choicesOf(field.key, options).map((choice) => {
                const active = value.projectIds.includes(Number(choice.id));
                return (
                  <View
                    key={choice.id}
                    id={`${form}-${field.key}-${choice.id}`}
                    data-active={active ? 'true' : 'false'}
                    className={`choice-chip${active ? ' choice-chip--active' : ''}`}
                    onClick={() => onChange({ ...value, projectIds: toggled(value.projectIds, Number(choice.id)) })}
                  >
                    {choice.label}
                  </View>
                );
              })}
            </View>
          ) : (
            <ChoiceChips<number | string>
              idPrefix={`${form}-${field.key}`}
              choices={[...(field.optional ? [{ id: 0, label: '不限' }] : []), ...choicesOf(field.key, options)]}
              value={field.key === 'departmentId' ? (value.departmentId ?? 0) : value[field.key]}
              onChange={(id) =>
                onChange({
                  ...value,
                  [field.key]: field.key === 'role' ? id : field.key === 'departmentId' && id === 0 ? null : Number(id),
                })
              }
            />
          )}
          <FieldError form={form} field={field.key} message={errors[field.key]} />
        </View>
      ))}
    </View>
  );
}
