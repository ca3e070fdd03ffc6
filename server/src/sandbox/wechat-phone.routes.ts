import { WechatErrcode } from './errors';
import type { SandboxState } from './sandbox.state';
import { fail, ok, text } from './wechat-reply';
import { authorize, type WechatRoute } from './wechat-route';

/** The phone number behind a getPhoneNumber tap, WECHAT.md §6. */
export function phoneRoutes(state: SandboxState): WechatRoute[] {
  return [
    {
      api: 'getuserphonenumber',
      method: 'POST',
      url: '/wxa/business/getuserphonenumber',
      handle: ({ query, body }) => {
        const denied = authorize(state, query, 'miniProgram');
        if (denied) return denied;
        const code = text(body.code);
        if (!code) return fail(WechatErrcode.CodeMissing);
        const phone = state.redeemPhoneCode(code);
        if (!phone) return fail(WechatErrcode.InvalidCode);
        return ok({
          errcode: 0,
          errmsg: 'ok',
          phone_info: {
            ...phone,
            watermark: { timestamp: Math.floor(state.now() / 1000), appid: state.apps.miniProgram.appid },
          },
        });
      },
    },
  ];
}
