import { Text } from '@tarojs/components';
import './index.scss';

/** The Chinese message under a form field (`#<form>-error-<field>`). */
export default function FieldError({ form, field, message }: { form: string; field: string; message?: string }) {
  if (!message) return null;
  return (
    <Text className="field-error" id={`${form}-error-${field}`}>
      {message}
    </Text>
  );
}
