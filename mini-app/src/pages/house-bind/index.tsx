import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button as TaroButton, Input, Text, View, type ButtonProps } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatZodIssues, houseBindingSchema, type HouseBindingInput, type HouseBindingView } from '@linli/shared';
import FieldError from '../../components/FieldError';
import RoomPicker, { EMPTY_ROOM_PATH, type RoomPath } from '../../components/RoomPicker';
import { useRequireLogin } from '../../hooks/useSession';
import { ApiError } from '../../services/http';
import { bindHouse, demoPhoneCode } from '../../services/houses';
import { HOME_PAGE, newRequestUrl } from '../../utils/routes';
import { firstErrors } from '../../utils/form';
import './index.scss';

/** What verifying the phone changes, said before the resident chooses. */
const VERIFY_EXPLAINED =
  '用微信验证手机号：姓名和手机号与业主名册一致、且该房屋尚无人绑定时立即绑定；' +
  '否则由物业客服核实后通过（通常 1 个工作日内），已绑定该房屋的业主也会收到提醒。';

function BindResult({ binding }: { binding: HouseBindingView }) {
  const bound = binding.status === 'bound';
  const rejected = binding.status === 'rejected';
  return (
    <View className="page">
      <View className="card bind-result" id="bind-result" data-status={binding.status}>
        <View className={`bind-result__badge bind-result__badge--${binding.status}`}>
          {bound ? '✓' : rejected ? '×' : '…'}
        </View>
        <Text className="bind-result__title" id="bind-result-status">
          {bound ? '已绑定' : rejected ? '未通过' : '待审核'}
        </Text>
        <Text className="bind-result__label">{binding.room.label}</Text>
        <Text className="muted bind-result__text">
          {bound
            ? '微信验证的手机号与业主名册一致，房屋已绑定，现在就可以提交投诉了。'
            : rejected
              ? (binding.rejectReason ?? '信息与业主名册不一致，请联系物业客服。')
              : '信息已提交，物业客服核实后即可使用（通常 1 个工作日内）。'}
        </Text>
      </View>
      <View className="form-actions">
        {bound ? (
          <Button
            id="bind-go-complaint"
            type="primary"
            block
            onClick={() => void Taro.redirectTo({ url: newRequestUrl('complaint') })}
          >
            去投诉
          </Button>
        ) : null}
        <View className="bind-result__spacer" />
        <Button id="bind-go-home" block fill="outline" onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
          返回首页
        </Button>
      </View>
    </View>
  );
}

export default function HouseBindPage() {
  const user = useRequireLogin();
  const [path, setPath] = useState<RoomPath>(EMPTY_ROOM_PATH);
  const [name, setName] = useState(user?.name ?? '');
  const [phone, setPhone] = useState(user?.phone ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<HouseBindingView | null>(null);

  if (!user) return <View className="page" />;
  if (result) return <BindResult binding={result} />;

  /** The form as the schema reads it, or null with the field errors shown. */
  const validInput = (): HouseBindingInput | null => {
    const parsed = houseBindingSchema.safeParse({ roomId: path.room?.id, name, phone });
    if (!parsed.success) {
      setErrors(firstErrors(formatZodIssues(parsed.error)));
      return null;
    }
    setErrors({});
    return parsed.data;
  };

  /** `phoneCode` present: the server may bind at once; absent: the desk reviews the claim. */
  const submit = async (input: HouseBindingInput, phoneCode?: string) => {
    setSubmitting(true);
    try {
      setResult(await bindHouse(phoneCode ? { ...input, phoneCode } : input));
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) setErrors(error.fieldErrors);
    } finally {
      setSubmitting(false);
    }
  };

  // weapp: WeChat shows its own dialog on the tap and hands over a one-use code.
  const onGetPhoneNumber: ButtonProps['onGetPhoneNumber'] = (event) => {
    const code = (event.detail as { code?: string }).code;
    if (!code) {
      void Taro.showToast({ title: '未获得手机号授权，可选择提交客服审核', icon: 'none' });
      return;
    }
    const input = validInput();
    if (input) void submit(input, code);
  };

  // h5 demo: the sandbox stands in for WeChat, verifying the number typed in.
  const verifyInDemo = async () => {
    const input = validInput();
    if (!input) return;
    setSubmitting(true);
    let code: string;
    try {
      code = await demoPhoneCode(input.phone);
    } catch {
      setSubmitting(false);
      return;
    }
    await submit(input, code);
  };

  const submitForReview = () => {
    const input = validInput();
    if (input) void submit(input);
  };

  return (
    <View className="page house-bind-page">
      <RoomPicker
        idPrefix="bind"
        value={path}
        onChange={(next) => {
          setPath(next);
          setErrors((previous) => ({ ...previous, roomId: '' }));
        }}
      >
        <FieldError form="bind" field="roomId" message={errors.roomId} />
      </RoomPicker>

      <View className="card">
        <View className="card__title">
          <Text>业主信息</Text>
        </View>
        <Text className="muted">请填写物业登记的业主（或家庭成员）姓名和手机号。</Text>
        <View className="form-field">
          <Text className="form-label form-label--required">姓名</Text>
          <Input
            id="bind-name"
            className="form-input"
            value={name}
            maxlength={20}
            placeholder="业主姓名"
            onInput={(e) => setName(e.detail.value)}
          />
          <FieldError form="bind" field="name" message={errors.name} />
        </View>
        <View className="form-field">
          <Text className="form-label form-label--required">手机号</Text>
          <Input
            id="bind-phone"
            className="form-input"
            type="number"
            value={phone}
            maxlength={11}
            placeholder="11 位手机号"
            onInput={(e) => setPhone(e.detail.value)}
          />
          <FieldError form="bind" field="phone" message={errors.phone} />
        </View>
      </View>

      <View className="card bind-verify" id="bind-verify">
        <View className="card__title">
          <Text>验证手机号</Text>
        </View>
        <Text className="muted bind-verify__text">{VERIFY_EXPLAINED}</Text>
        {process.env.TARO_ENV === 'h5' ? (
          <Text className="muted bind-verify__demo">演示环境：以上面填写的手机号模拟微信验证。</Text>
        ) : null}
        <FieldError form="bind" field="phoneCode" message={errors.phoneCode} />
      </View>

      <View className="form-actions">
        {process.env.TARO_ENV === 'h5' ? (
          <Button
            id="bind-submit"
            className="bind-action"
            type="primary"
            block
            loading={submitting}
            disabled={submitting}
            onClick={() => void verifyInDemo()}
          >
            验证微信手机号并绑定
          </Button>
        ) : (
          <TaroButton
            id="bind-submit"
            className="bind-verify__button bind-action"
            openType="getPhoneNumber"
            loading={submitting}
            disabled={submitting}
            onGetPhoneNumber={onGetPhoneNumber}
          >
            验证微信手机号并绑定
          </TaroButton>
        )}
        <View className="bind-result__spacer" />
        <Button
          id="bind-submit-review"
          className="bind-action"
          block
          fill="outline"
          disabled={submitting}
          onClick={submitForReview}
        >
          不验证，提交客服审核
        </Button>
      </View>
    </View>
  );
}
