import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatZodIssues, houseBindingSchema, type HouseBindingView } from '@linli/shared';
import FieldError from '../../components/FieldError';
import RoomPicker, { EMPTY_ROOM_PATH, type RoomPath } from '../../components/RoomPicker';
import { useRequireLogin } from '../../hooks/useSession';
import { ApiError } from '../../services/http';
import { bindHouse } from '../../services/houses';
import { HOME_PAGE, newRequestUrl } from '../../utils/routes';
import { firstErrors } from '../../utils/form';
import './index.scss';

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
            ? '与业主名册信息一致，房屋已绑定，现在就可以提交投诉了。'
            : rejected
              ? (binding.rejectReason ?? '信息与业主名册不一致，请联系物业客服。')
              : '信息已提交。与业主名册未能自动匹配，物业客服审核通过后即可使用（通常 1 个工作日内）。'}
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

  const submit = async () => {
    const parsed = houseBindingSchema.safeParse({ roomId: path.room?.id, name, phone });
    if (!parsed.success) {
      setErrors(firstErrors(formatZodIssues(parsed.error)));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      setResult(await bindHouse(parsed.data));
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) setErrors(error.fieldErrors);
    } finally {
      setSubmitting(false);
    }
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
        <Text className="muted">请填写物业登记的业主（或家庭成员）姓名和手机号，与业主名册一致时立即绑定。</Text>
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

      <View className="form-actions">
        <Button
          id="bind-submit"
          type="primary"
          block
          loading={submitting}
          disabled={submitting}
          onClick={() => void submit()}
        >
          提交绑定
        </Button>
      </View>
    </View>
  );
}
