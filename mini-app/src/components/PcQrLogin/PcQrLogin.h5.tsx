import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { AuthTokens, PcLoginState, PcLoginTicket } from '@linli/shared';
import QRCode from 'qrcode';
import { pollPcLogin, startPcLogin } from '../../services/pc-login';
import './index.scss';

const POLL_MS = 2000;

type Shown =
  | { kind: 'loading' }
  | { kind: 'failed' }
  | { kind: 'ready'; ticket: PcLoginTicket; image: string; state: PcLoginState['status']; who: string | null };

/**
 * h5 on a PC: a one-time QR code the desk scans with the mini-program (扫码登录电脑), polled
 * until confirmed; the confirming poll carries this PC's own login. An expired or cancelled
 * code is replaced by a fresh one, so the page can stay open at the front desk.
 */
export default function PcQrLogin({ onLoggedIn }: { onLoggedIn: (user: AuthTokens['user']) => void }) {
  const [shown, setShown] = useState<Shown>({ kind: 'loading' });
  const [notice, setNotice] = useState('');
  const alive = useRef(true);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const fresh = useCallback(async () => {
    clearTimeout(timer.current);
    setShown({ kind: 'loading' });
    try {
      const ticket = await startPcLogin();
      const image = await QRCode.toDataURL(ticket.qrPayload, { width: 240, margin: 1, errorCorrectionLevel: 'M' });
      if (!alive.current) return;
      setShown({ kind: 'ready', ticket, image, state: 'pending', who: null });
      timer.current = setTimeout(() => void poll(ticket, image), POLL_MS);
    } catch {
      if (alive.current) setShown({ kind: 'failed' });
    }
    // Made once: poll and fresh call each other and read only refs, setters and the first props.
  }, []);

  const poll = async (ticket: PcLoginTicket, image: string) => {
    if (!alive.current) return;
    let state: PcLoginState;
    try {
      state = await pollPcLogin(ticket.ticket);
    } catch {
      // A dropped connection or a busy server: keep the code and ask again.
      timer.current = setTimeout(() => void poll(ticket, image), POLL_MS * 2);
      return;
    }
    if (!alive.current) return;
    if (state.tokens) {
      setShown({ kind: 'ready', ticket, image, state: 'confirmed', who: state.scannedBy?.name ?? null });
      onLoggedIn(state.tokens.user);
      return;
    }
    if (state.status === 'expired' || state.status === 'cancelled') {
      setNotice(state.status === 'cancelled' ? '已在手机上取消登录，请重新扫码' : '二维码已过期，已为您刷新');
      void fresh();
      return;
    }
    setShown({ kind: 'ready', ticket, image, state: state.status, who: state.scannedBy?.name ?? null });
    timer.current = setTimeout(() => void poll(ticket, image), POLL_MS);
  };

  useEffect(() => {
    alive.current = true;
    void fresh();
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
    };
  }, [fresh]);

  return (
    <View className="pc-qr card" id="login-pc-qr">
      <View className="card__title">
        <Text>工作人员扫码登录电脑</Text>
      </View>
      <Text className="muted">打开邻里小程序，在「工作台」点「扫码登录电脑」扫描下方二维码，并在手机上确认</Text>
      {shown.kind === 'failed' ? (
        <View className="pc-qr__failed" id="login-pc-qr-failed">
          <Text>二维码获取失败，请检查网络</Text>
          <Button type="primary" size="small" onClick={() => void fresh()}>
            重新获取
          </Button>
        </View>
      ) : shown.kind === 'loading' ? (
        <View className="pc-qr__box pc-qr__box--loading">正在生成二维码…</View>
      ) : (
        <View
          className={`pc-qr__box pc-qr__box--${shown.state}`}
          id="login-pc-qr-code"
          data-ticket={shown.ticket.ticket}
          data-state={shown.state}
        >
          {/* A plain img: this file is h5 only, and Taro's Image wrapper mis-sizes a data URL. */}
          <img className="pc-qr__image" src={shown.image} alt="电脑登录二维码" />
          {shown.state !== 'pending' ? (
            <View className="pc-qr__overlay" id="login-pc-qr-state">
              {shown.state === 'confirmed' ? '登录成功，正在进入…' : `${shown.who ?? ''} 已扫码，请在手机上确认`}
            </View>
          ) : null}
        </View>
      )}
      {notice ? <Text className="muted pc-qr__notice">{notice}</Text> : null}
      <Text className="muted pc-qr__hint">二维码 2 分钟内有效，仅限物业工作人员；业主请在微信中使用小程序</Text>
    </View>
  );
}
