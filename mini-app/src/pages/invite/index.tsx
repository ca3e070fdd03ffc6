import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ROLE_LABELS, formatShanghaiTime, type InvitationPreview } from '@linli/shared';
import FieldError from '../../components/FieldError';
import PageState from '../../components/PageState';
import { useRequest } from '../../hooks/useRequest';
import { ApiError, errorMessage } from '../../services/http';
import { getUser, isLoggedIn } from '../../services/session';
import { acceptInvitation, fetchInvitation } from '../../services/staff-admin';
import { landAfterLogin, loginUrl } from '../../utils/login-redirect';
import { INVITE_PAGE } from '../../utils/routes';
import './index.scss';

/**
 * The code arrives as `?code=` from a link, or as the mini-program code's `scene` (WeChat hands
 * it over URL-encoded) when the invitation was scanned.
 */
function codeFrom(params: Record<string, string | undefined>): string {
  if (params.code) return params.code;
  if (!params.scene) return '';
  try {
    return decodeURIComponent(params.scene);
  } catch {
    return '';
  }
}

const STATUS_TEXT: Record<Exclude<InvitationPreview['status'], 'pending'>, string> = {
  used: '该邀请已被使用，每个邀请只能使用一次。如需加入，请向邀请人索取新的邀请。',
  expired: '该邀请已过期，请向邀请人索取新的邀请。',
};

function Row({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className="invite-card__row" id={id}>
      <Text className="invite-card__label">{label}</Text>
      <Text className="invite-card__value">{value}</Text>
    </View>
  );
}

/**
 * 加入邀请: who invites the viewer, as which role, in which department and projects; 接受邀请
 * makes this WeChat account staff with exactly those rights and lands on the staff home. Opened
 * before login: a guest logs in first and comes back here.
 */
export default function InvitePage() {
  const router = useRouter();
  const code = codeFrom(router.params);
  const loggedIn = isLoggedIn();
  const preview = useRequest(() => fetchInvitation(code), [code], { ready: loggedIn && code !== '' });
  const [accepting, setAccepting] = useState(false);
  const [refusal, setRefusal] = useState('');
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState('');
  // Staff are known by name on every timeline; WeChat gives none, so one is asked for if missing.
  const askName = !getUser()?.name && !preview.data?.name;

  if (!code) {
    return (
      <View className="page invite-page">
        <View className="card muted" id="invite-missing">
          邀请链接不完整，请重新打开邀请人发来的链接或小程序码。
        </View>
      </View>
    );
  }
  if (!loggedIn) {
    return (
      <View className="page invite-page">
        <View className="card" id="invite-login">
          <View className="card__title">
            <Text>您收到一份加入物业团队的邀请</Text>
          </View>
          <Text className="muted">请先用微信登录，查看邀请内容并接受。</Text>
          <View className="invite-actions">
            <Button
              id="invite-login-button"
              type="primary"
              block
              onClick={() => void Taro.navigateTo({ url: loginUrl(`${INVITE_PAGE}?code=${code}`) })}
            >
              微信登录后查看邀请
            </Button>
          </View>
        </View>
      </View>
    );
  }

  const accept = async () => {
    setRefusal('');
    setNameError('');
    if (askName && !name.trim()) {
      setNameError('请填写您的姓名');
      return;
    }
    setAccepting(true);
    try {
      const tokens = await acceptInvitation(code, askName ? name.trim() : undefined);
      void Taro.showToast({ title: '已加入', icon: 'success' });
      await landAfterLogin(tokens.user.role, null);
    } catch (error) {
      const field = error instanceof ApiError ? error.details.find((detail) => detail.field === 'name') : undefined;
      if (field) setNameError(field.message);
      else setRefusal(errorMessage(error));
    } finally {
      setAccepting(false);
    }
  };

  const invitation = preview.data;
  return (
    <View className="page invite-page">
      <PageState
        id="invite"
        loading={preview.loading}
        error={preview.error}
        onRetry={() => void preview.refresh()}
        rows={5}
      >
        {invitation ? (
          <View className="card" id="invite-card" data-status={invitation.status}>
            <View className="card__title">
              <Text>{invitation.invitedBy ? `${invitation.invitedBy.name} 邀请您加入` : '系统邀请您加入'}</Text>
            </View>
            <Row id="invite-role" label="角色" value={ROLE_LABELS[invitation.role]} />
            <Row id="invite-department" label="部门" value={invitation.departmentName ?? '不限部门'} />
            <Row
              id="invite-projects"
              label="服务项目"
              value={invitation.projects.length ? invitation.projects.map((p) => p.name).join('、') : '全公司'}
            />
            {invitation.title ? <Row id="invite-title" label="岗位" value={invitation.title} /> : null}
            <Row id="invite-expires" label="有效期至" value={formatShanghaiTime(invitation.expiresAt)} />
            {invitation.status === 'pending' && askName ? (
              <View className="form-field invite-name" id="invite-name-field">
                <Text className="form-label form-label--required">您的姓名</Text>
                <Input
                  id="invite-name"
                  className="form-input"
                  value={name}
                  maxlength={40}
                  placeholder="同事和业主在工单上看到的名字"
                  onInput={(e) => {
                    setName(e.detail.value);
                    setNameError('');
                  }}
                />
                <FieldError form="invite" field="name" message={nameError} />
              </View>
            ) : null}
            {invitation.status === 'pending' ? (
              <View className="invite-actions">
                <Button
                  id="invite-accept"
                  type="primary"
                  block
                  loading={accepting}
                  disabled={accepting}
                  onClick={() => void accept()}
                >
                  接受邀请
                </Button>
                <Text className="muted">接受后，您的微信账号将以上述角色登录员工端。</Text>
              </View>
            ) : (
              <View className="invite-actions muted" id="invite-closed">
                {STATUS_TEXT[invitation.status]}
              </View>
            )}
            {refusal ? (
              <View className="invite-actions invite-refusal" id="invite-refusal">
                {refusal}
              </View>
            ) : null}
          </View>
        ) : null}
      </PageState>
    </View>
  );
}
