import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button as TaroButton, Input, Text, View, type ButtonProps } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  correctBindingSchema,
  formatZodIssues,
  houseBindingSchema,
  type CorrectBindingInput,
  type HouseBindingView,
  type UserView,
} from '@linli/shared';
import FieldError from '../../components/FieldError';
import FormFooter from '../../components/FormFooter';
import PageState from '../../components/PageState';
import PhoneQuickFill from '../../components/PhoneQuickFill';
import PrivacyPopup from '../../components/PrivacyPopup';
import SoftTag from '../../components/SoftTag';
import RoomPicker, { EMPTY_ROOM_PATH, type RoomPath } from '../../components/RoomPicker';
import { useLeaveGuard } from '../../hooks/useLeaveGuard';
import { useRequest } from '../../hooks/useRequest';
import { useRequireLogin } from '../../hooks/useSession';
import { ApiError } from '../../services/http';
import { bindHouse, correctBinding, demoPhoneCode, myHouses, withdrawBinding } from '../../services/houses';
import { ensurePrivacyConsent } from '../../services/privacy';
import { askSubscriptions, prefetchSubscribeAsks } from '../../services/subscriptions';
import { formChanged } from '../../utils/leave-guard';
import { HOME_PAGE, newRequestUrl } from '../../utils/routes';
import { fieldId, firstErrors, scrollToFirstError } from '../../utils/form';
import './index.scss';

/** What verifying the phone changes, said before the resident chooses. */
const VERIFY_EXPLAINED =
  '用微信验证手机号：姓名和手机号与业主名册一致、且该房屋尚无人绑定时立即绑定；' +
  '否则由物业客服核实后通过（通常 1 个工作日内），已绑定该房屋的业主也会收到提醒。';

const STATUS_TITLES: Record<HouseBindingView['status'], string> = {
  bound: '已绑定',
  pending: '待审核',
  rejected: '未通过',
  withdrawn: '已撤回',
};

/** The form top to bottom: the first one in error is scrolled to. */
const FIELD_ORDER = ['roomId', 'name', 'phone', 'phoneCode'];
/** phoneCode's message sits in the verify card, under the explanation. */
const anchor = (field: string) => (field === 'phoneCode' ? 'bind-verify' : fieldId('bind', field));

/** The stored session's user (fresh from the server after 微信手机号快捷填写 or a login). */
const verifiedOf = (user: UserView): string | null => (user.phoneVerified ? user.phone : null);

const BADGES: Record<HouseBindingView['status'], string> = { bound: '✓', pending: '…', rejected: '×', withdrawn: '—' };

function resultText(binding: HouseBindingView): string {
  switch (binding.status) {
    case 'bound':
      return '房屋已绑定，现在就可以在线报修、投诉了。';
    case 'pending':
      return '信息已提交，物业客服核实后即可使用（通常 1 个工作日内），结果会发到“消息”。填错了可以修改或撤回。';
    case 'rejected':
      return `未通过原因：${binding.rejectReason ?? '信息与业主名册不一致'}。可以修改信息后重新提交，或联系物业客服。`;
    case 'withdrawn':
      return '申请已撤回，物业客服不会再审核。需要时可以重新绑定。';
  }
}

interface ResultProps {
  binding: HouseBindingView;
  onCorrect: () => void;
  onWithdrawn: (binding: HouseBindingView) => void;
  onBindAgain: () => void;
}

/** One claim's state (`#bind-result[data-status]`) and what the resident can do with it now. */
function BindResult({ binding, onCorrect, onWithdrawn, onBindAgain }: ResultProps) {
  const [withdrawing, setWithdrawing] = useState(false);
  const { status } = binding;

  const withdraw = async () => {
    const answer = await Taro.showModal({
      title: '撤回绑定申请',
      content: `撤回「${binding.room.label}」的绑定申请？物业客服将不再审核，需要时可以重新绑定。`,
      confirmText: '撤回',
      confirmColor: '#e0452a',
    }).catch(() => ({ confirm: false }));
    if (!answer.confirm) return;
    setWithdrawing(true);
    try {
      onWithdrawn(await withdrawBinding(binding.id));
      void Taro.showToast({ title: '已撤回', icon: 'none' });
    } catch {
      // the request wrapper showed why
    } finally {
      setWithdrawing(false);
    }
  };

  return (
    <View className="page">
      <View className="card bind-result" id="bind-result" data-status={status}>
        <View className={`bind-result__badge bind-result__badge--${status}`}>{BADGES[status]}</View>
        <Text className="bind-result__title" id="bind-result-status">
          {STATUS_TITLES[status]}
        </Text>
        <Text className="bind-result__label">{binding.room.label}</Text>
        <Text className="muted bind-result__who" id="bind-result-who">
          {binding.name} · {binding.phone}
        </Text>
        <Text className="muted bind-result__text" id="bind-result-text">
          {resultText(binding)}
        </Text>
      </View>
      <View className="form-actions">
        {status === 'bound' ? (
          <Button
            id="bind-go-complaint"
            className="bind-action"
            type="primary"
            block
            onClick={() => void Taro.redirectTo({ url: newRequestUrl('complaint') })}
          >
            去投诉
          </Button>
        ) : null}
        {status === 'pending' || status === 'rejected' ? (
          <Button id="bind-correct" className="bind-action" type="primary" block onClick={onCorrect}>
            {status === 'pending' ? '修改信息' : '修改后重新提交'}
          </Button>
        ) : null}
        {status === 'withdrawn' ? (
          <Button id="bind-again" className="bind-action" type="primary" block onClick={onBindAgain}>
            重新绑定
          </Button>
        ) : null}
        {status === 'pending' ? (
          <>
            <View className="bind-result__spacer" />
            <Button
              id="bind-withdraw"
              className="bind-action"
              type="danger"
              fill="outline"
              block
              loading={withdrawing}
              disabled={withdrawing}
              onClick={() => void withdraw()}
            >
              撤回申请
            </Button>
          </>
        ) : null}
        <View className="bind-result__spacer" />
        <Button
          id="bind-go-home"
          className="bind-action"
          block
          fill="outline"
          onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}
        >
          返回首页
        </Button>
      </View>
    </View>
  );
}

interface FormProps {
  /** 修改: the claim being corrected (its room stays); null for a new claim. */
  correcting: HouseBindingView | null;
  initial: { name: string; phone: string };
  /** The account's phone when WeChat verified it (微信手机号快捷填写, or an earlier binding). */
  verified: string | null;
  onDone: (binding: HouseBindingView) => void;
  onCancel?: () => void;
}

/** A new claim (room, name, phone) or the correction of one (name, phone); verify the phone or ask for review. */
function BindForm({ correcting, initial, verified, onDone, onCancel }: FormProps) {
  const [path, setPath] = useState<RoomPath>(EMPTY_ROOM_PATH);
  const [name, setName] = useState(initial.name);
  const [phone, setPhone] = useState(initial.phone);
  const [verifiedPhone, setVerifiedPhone] = useState(verified);
  /** The server takes the account's verified phone as verified: no second WeChat dialog. */
  const phoneVerified = verifiedPhone !== null && phone === verifiedPhone;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const guard = useLeaveGuard(formChanged({ path, name, phone }, { path: EMPTY_ROOM_PATH, ...initial }));

  /** The form as the schema reads it, or null with the field errors shown. */
  const validInput = (): (CorrectBindingInput & { roomId?: number }) | null => {
    const parsed = correcting
      ? correctBindingSchema.safeParse({ name, phone })
      : houseBindingSchema.safeParse({ roomId: path.room?.id, name, phone });
    if (!parsed.success) {
      const found = firstErrors(formatZodIssues(parsed.error));
      setErrors(found);
      scrollToFirstError(found, FIELD_ORDER, anchor);
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' });
      return null;
    }
    setErrors({});
    return parsed.data;
  };

  /** `phoneCode` present: the server may bind at once; absent: the desk reviews the claim. */
  const submit = async (
    input: CorrectBindingInput & { roomId?: number },
    asking: Promise<void>,
    phoneCode?: string,
  ) => {
    setSubmitting(true);
    try {
      await asking;
      const fields = { name: input.name, phone: input.phone, ...(phoneCode ? { phoneCode } : {}) };
      const binding = correcting
        ? await correctBinding(correcting.id, fields)
        : await bindHouse({ roomId: input.roomId!, ...fields });
      guard.release();
      onDone(binding);
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors(error.fieldErrors);
        scrollToFirstError(error.fieldErrors, FIELD_ORDER, anchor);
      }
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
    if (input) void submit(input, askSubscriptions('bind'), code);
  };

  // h5 demo: the sandbox stands in for WeChat, verifying the number typed in.
  const verifyInDemo = async () => {
    const input = validInput();
    if (!input) return;
    // The same consent WeChat asks for before its phone dialog.
    if (!(await ensurePrivacyConsent())) return;
    // First thing once the form is valid: WeChat only shows the dialog from the tap's own turn.
    const asking = askSubscriptions('bind');
    setSubmitting(true);
    let code: string;
    try {
      code = await demoPhoneCode(input.phone);
    } catch {
      setSubmitting(false);
      return;
    }
    await submit(input, asking, code);
  };

  /** Without a code: the desk reviews it, unless the phone is the account's verified one. */
  const submitForReview = () => {
    const input = validInput();
    if (input) void submit(input, askSubscriptions('bind'));
  };

  return (
    <View className="page house-bind-page">
      {correcting ? (
        <View className="card" id="bind-correcting">
          <View className="card__title">
            <Text>修改绑定信息</Text>
          </View>
          <Text className="bind-correcting__room">{correcting.room.label}</Text>
          <Text className="muted">
            改正姓名或手机号后重新提交，原申请随之更新；验证微信手机号且与业主名册一致时立即绑定。房间选错了请撤回后重新绑定。
          </Text>
        </View>
      ) : (
        <View id={fieldId('bind', 'roomId')}>
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
        </View>
      )}

      <View className="card">
        <View className="card__title">
          <Text>业主信息</Text>
        </View>
        <Text className="muted">请填写物业登记的业主（或家庭成员）姓名和手机号。</Text>
        <View className="form-field" id={fieldId('bind', 'name')}>
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
        <View className="form-field" id={fieldId('bind', 'phone')}>
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
          {phoneVerified ? (
            <View className="bind-phone-verified" id="bind-phone-verified">
              <SoftTag tone="green">微信已验证</SoftTag>
            </View>
          ) : null}
          <FieldError form="bind" field="phone" message={errors.phone} />
          {phoneVerified ? null : (
            <PhoneQuickFill
              id="bind-phone-quickfill"
              demoPhone={phone}
              disabled={submitting}
              onVerified={(user) => {
                setVerifiedPhone(user.phone);
                setPhone(user.phone ?? '');
                setErrors((previous) => ({ ...previous, phone: '', phoneCode: '' }));
              }}
            />
          )}
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
        {/* A verified phone is never sent for review: 绑定 below decides at once. */}
        {phoneVerified ? null : (
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
        )}
        {onCancel ? (
          <>
            <View className="bind-result__spacer" />
            <Button id="bind-cancel" className="bind-action" block fill="none" disabled={submitting} onClick={onCancel}>
              不修改了
            </Button>
          </>
        ) : null}
      </View>
      <FormFooter>
        {phoneVerified ? (
          <Button
            id="bind-submit"
            className="bind-action"
            type="primary"
            block
            loading={submitting}
            disabled={submitting}
            onClick={submitForReview}
          >
            {correcting ? '提交' : '绑定'}（手机号已验证）
          </Button>
        ) : process.env.TARO_ENV === 'h5' ? (
          <Button
            id="bind-submit"
            className="bind-action"
            type="primary"
            block
            loading={submitting}
            disabled={submitting}
            onClick={() => void verifyInDemo()}
          >
            验证微信手机号并{correcting ? '提交' : '绑定'}
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
            验证微信手机号并{correcting ? '提交' : '绑定'}
          </TaroButton>
        )}
      </FormFooter>
      <PrivacyPopup />
    </View>
  );
}

/**
 * 绑定房屋. Without `?id=`: a new claim. With `?id=<binding>` (from 消息 or 我的房屋): that claim's
 * state, with 修改 and 撤回 while it waits and 修改后重新提交 after a refusal.
 */
export default function HouseBindPage() {
  const user = useRequireLogin();
  const router = useRouter();
  const openedId = Number(router.params.id) || null;
  const houses = useRequest(myHouses, [], { ready: user !== null && openedId !== null });
  /** The claim on screen once the resident acted on it (submitted, corrected, withdrew). */
  const [result, setResult] = useState<HouseBindingView | null>(null);
  const [correcting, setCorrecting] = useState<HouseBindingView | null>(null);
  const [startOver, setStartOver] = useState(false);

  useEffect(() => {
    if (user) void prefetchSubscribeAsks(['bind']);
  }, [user]);

  if (!user) return <View className="page" />;

  if (correcting) {
    return (
      <BindForm
        correcting={correcting}
        initial={{ name: correcting.name, phone: correcting.phone }}
        verified={verifiedOf(user)}
        onDone={(binding) => {
          setCorrecting(null);
          setResult(binding);
        }}
        onCancel={() => setCorrecting(null)}
      />
    );
  }

  const opened = openedId !== null && !startOver ? houses.data?.find((house) => house.id === openedId) : undefined;
  const shown = result ?? opened ?? null;
  if (shown) {
    return (
      <BindResult
        binding={shown}
        onCorrect={() => setCorrecting(shown)}
        onWithdrawn={setResult}
        onBindAgain={() => {
          setResult(null);
          setStartOver(true);
        }}
      />
    );
  }

  if (openedId !== null && !startOver) {
    return (
      <View className="page">
        <PageState
          id="bind-opened"
          loading={houses.loading && !houses.data}
          error={houses.data ? undefined : houses.error}
          onRetry={() => void houses.refresh()}
          empty
          emptyText="这条绑定申请已撤回或不存在"
          emptyAction={
            <Button id="bind-start-over" className="bind-action" type="primary" onClick={() => setStartOver(true)}>
              绑定房屋
            </Button>
          }
        />
      </View>
    );
  }

  return (
    <BindForm
      correcting={null}
      initial={{ name: user.name ?? '', phone: user.phone ?? '' }}
      verified={verifiedOf(user)}
      onDone={setResult}
    />
  );
}
