import { Text, View } from '@tarojs/components';
import { DatePicker } from '@nutui/nutui-react-taro';
import { formatPickedTime, snapUpToMinuteStep, type PickedTime } from '../../utils/time';

/**
 * A date + time field (`#<id>` opens NutUI's DatePicker, confirm with `.nut-picker-confirm-btn`;
 * the value is `#<id>-value`, cleared with `#<id>-clear`). The picked wall-clock time is meant as
 * Asia/Shanghai (`pickedToShanghaiIso`).
 */
export default function DateTimeField(props: {
  id: string;
  title: string;
  placeholder: string;
  value: PickedTime | null;
  onChange: (value: PickedTime | null) => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  startDate: Date;
  endDate: Date;
  defaultValue?: Date;
  /** Minutes offered (e.g. 0 and 30 for appointment slots). */
  minuteStep?: number;
}) {
  const { id, title, placeholder, value, onChange, open, onOpenChange, startDate, endDate, defaultValue, minuteStep } =
    props;
  return (
    <>
      <View className="form-picker" id={id} onClick={() => onOpenChange(true)}>
        <Text className={value ? '' : 'form-placeholder'} id={`${id}-value`}>
          {value ? formatPickedTime(value) : placeholder}
        </Text>
        {value ? (
          <Text
            className="card__link"
            id={`${id}-clear`}
            onClick={(e) => {
              e.stopPropagation();
              onChange(null);
            }}
          >
            清除
          </Text>
        ) : null}
      </View>
      <DatePicker
        title={title}
        type="datetime"
        visible={open}
        startDate={minuteStep ? snapUpToMinuteStep(startDate, minuteStep) : startDate}
        endDate={endDate}
        defaultValue={
          minuteStep ? snapUpToMinuteStep(defaultValue ?? startDate, minuteStep) : (defaultValue ?? startDate)
        }
        showChinese
        filter={
          minuteStep
            ? (type, options) =>
                type === 'minute' ? options.filter((option) => Number(option.value) % minuteStep === 0) : options
            : undefined
        }
        onClose={() => onOpenChange(false)}
        onConfirm={(_options, values) => {
          const [year, month, day, hour, minute] = values.map((v) => Number(v));
          onChange({ year, month, day, hour, minute });
        }}
      />
    </>
  );
}
