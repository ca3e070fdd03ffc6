import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatShanghaiTime, pcLoginTicketOf, type PcLoginState, type SessionView } from '@linli/shared';
import PageState from '../../components/PageState';
import { useRequest } from '../../hooks/useRequest';
import { useRequireLogin } from '../../hooks/useSession';
import { endSession, mySessions, pcLoginStep } from '../../services/pc-login';
import './index.scss';

/** "Windows · Chrome" from a user-agent: enough for the desk to recognise its own PC. */
function deviceLabel(userAgent: string | null): string {
  const ua = userAgent ?? '';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'Mac' : /Linux/.test(ua) ? 'Linux' : '电脑';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '浏览器';
  return `${os} · ${browser}`;
}

/** The scanned PC, waiting for 确认登录 or 取消. */
function Confirm({ ticket, onDone }: { ticket: string; onDone: () => void }) {
  const [state, setState] = useState<PcLoginState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    pcLoginStep(ticket, 'scan').then(setState, setError);
  }, [ticket]);

  const step = async (which: 'confirm' | 'cancel') => {
    setBusy(true);
    try {
      await pcLoginStep(ticket, which);
      void Taro.showToast({ title: which === 'confirm' ? '已确认，电脑正在登录' : '已取消', icon: 'none' });
      onDone();
    } catch {
      // the request wrapper showed why (expired, scanned by someone else)
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card pc-login__confirm" id="pc-login-confirm">
      <PageState id="pc-login-ticket" loading={!state && !error} error={error} compact rows={3}>
        {state ? (
          <>
            <View className="pc-login__icon">电脑</View>
            <View className="card__title">
              <Text>登录电脑上的邻里物业服务</Text>
            </View>
            <Text className="muted" id="pc-login-device">
              {deviceLabel(state.device.userAgent)} · IP {state.device.ip}
            </Text>
            <Text className="muted">请确认是您本人正在使用的电脑；登录后可在本页随时退出</Text>
            <Button
              id="pc-login-accept"
              type="primary"
              block
              loading={busy}
              disabled={busy}
              onClick={() => void step('confirm')}
            >
              确认登录
            </Button>
            <Button id="pc-login-cancel" block disabled={busy} onClick={() => void step('cancel')}>
              取消
            </Button>
          </>
        ) : null}
      </PageState>
    </View>
  );
}

/** 已登录的电脑, each with 退出 (asked first). */
function Sessions({ version }: { version: number }) {
  const sessions = useRequest(mySessions, [version]);
  const pcs = (sessions.data ?? []).filter((session) => session.device === 'pc');

  const end = async (session: SessionView) => {
    const answer = await Taro.showModal({
      title: '退出电脑登录',
      content: `${deviceLabel(session.userAgent)}（IP ${session.ip ?? '未知'}）将立即退出登录，确定吗？`,
      confirmText: '退出',
    });
    if (!answer.confirm) return;
    try {
      await endSession(session.id);
      void Taro.showToast({ title: '已退出该电脑', icon: 'none' });
    } catch {
      // toast shown by the request wrapper
    }
    void sessions.refresh();
  };

  return (
    <View className="card" id="pc-login-sessions">
      <View className="card__title">
        <Text>已登录的电脑</Text>
      </View>
      <PageState
        id="pc-login-sessions"
        compact
        loading={sessions.loading && !sessions.data}
        error={sessions.error}
        onRetry={() => void sessions.refresh()}
        empty={pcs.length === 0}
        emptyText="没有已登录的电脑"
        rows={2}
      >
        {pcs.map((session) => (
          <View className="pc-login__session" key={session.id} id={`pc-login-session-${session.id}`}>
            <View className="pc-login__session-body">
              <Text className="pc-login__session-name">
                {deviceLabel(session.userAgent)}
                {session.current ? '（本机）' : ''}
              </Text>
              <Text className="muted">
                IP {session.ip} · {formatShanghaiTime(session.startedAt)} 登录
              </Text>
            </View>
            <Text className="tap-target card__link pc-login__end" onClick={() => void end(session)}>
              退出
            </Text>
          </View>
        ))}
      </PageState>
    </View>
  );
}

/**
 * 登录电脑 (staff side): 扫码登录电脑 reads the QR on the PC's login page (linli-pc-login:<ticket>)
 * with Taro.scanCode, then asks 确认登录 / 取消; below, the PCs logged in as me, each with 退出.
 * Opened with `?t=<ticket>` (a scan from WeChat's own scanner), it goes straight to the question.
 */
export default function PcLoginPage() {
  const user = useRequireLogin();
  const [ticket, setTicket] = useState<string | null>(useRouter().params.t ?? null);
  const [version, setVersion] = useState(0);

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      const scanned = pcLoginTicketOf(result.result);
      if (!scanned) {
        void Taro.showToast({ title: '这不是电脑登录二维码', icon: 'none' });
        return;
      }
      setTicket(scanned);
    } catch {
      // closed the camera: nothing to do
    }
  };

  if (!user) return <View className="page" />;
  if (user.role === 'resident') {
    return (
      <View className="page">
        <View className="card muted" id="pc-login-resident">
          电脑登录仅供物业工作人员使用，业主请直接在小程序中使用。
        </View>
      </View>
    );
  }

  return (
    <View className="page pc-login">
      {ticket ? (
        <Confirm
          key={ticket}
          ticket={ticket}
          onDone={() => {
            setTicket(null);
            setVersion((v) => v + 1);
          }}
        />
      ) : process.env.TARO_ENV === 'weapp' ? (
        <View className="card pc-login__scan">
          <Text className="muted">在电脑浏览器打开邻里物业服务，扫描登录页上的二维码</Text>
          <Button id="pc-login-scan" type="primary" block onClick={() => void scan()}>
            扫码登录电脑
          </Button>
        </View>
      ) : null}
      <Sessions version={version} />
    </View>
  );
}
