import { WechatErrcode } from './errors';
import type { SandboxState } from './sandbox.state';
import { fail, ok } from './wechat-reply';
import { authorize, type WechatRoute } from './wechat-route';

/** Official-account user management: what Linli asks about a staff member's follow status. */
export function userRoutes(state: SandboxState): WechatRoute[] {
  return [
    {
      api: 'user_info',
      method: 'GET',
      url: '/cgi-bin/user/info',
      handle: ({ query }) => {
        const denied = authorize(state, query, 'officialAccount');
        if (denied) return denied;
        const follower = state.followers.get(query.openid ?? '');
        if (!follower) return fail(WechatErrcode.InvalidOpenid);
        // WeChat tells nothing more about someone who unfollowed, not even the unionid.
        if (!follower.following) return ok({ subscribe: 0, openid: follower.openid });
        // Nickname and avatar have not been returned since 2021-12; these are the fields that remain.
        return ok({
          subscribe: 1,
          openid: follower.openid,
          language: 'zh_CN',
          subscribe_time: Math.floor((follower.subscribedAt ?? state.now()) / 1000),
          ...(follower.unionid ? { unionid: follower.unionid } : {}),
          remark: '',
          groupid: 0,
          tagid_list: [],
          subscribe_scene: 'ADD_SCENE_QR_CODE',
          qr_scene: 0,
          qr_scene_str: '',
        });
      },
    },
  ];
}
