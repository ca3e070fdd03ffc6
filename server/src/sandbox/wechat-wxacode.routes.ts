import QRCode from 'qrcode';
import { WechatErrcode } from './errors';
import type { SandboxState } from './sandbox.state';
import { fail, text, type WechatReply } from './wechat-reply';
import { authorize, type WechatRoute } from './wechat-route';

/**
 * The pages of the released mini-program (mini-app/src/app.config.ts, main package and
 * subpackages): with check_path on, WeChat refuses a page the released version does not have (41030).
 */
export const RELEASED_PAGES: ReadonlySet<string> = new Set([
  'pages/index/index',
  'pages/messages/index',
  'pages/manage/index',
  'pages/requests/index',
  'pages/login/index',
  'pages/house-bind/index',
  'pages/request-new/index',
  'pages/request-detail/index',
  'pages/invite/index',
]);

/** WeChat's scene alphabet: letters, digits and these marks, at most 32 (WECHAT.md §7). */
const SCENE = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);

/**
 * getwxacodeunlimit (WECHAT.md §7): a mini-program code for a page and a scene, answered as a PNG;
 * errors as JSON with HTTP 200 like every WeChat API. The image is a real, scannable QR code of
 * the page and scene, so a test can decode what it would open.
 */
export function wxacodeRoutes(state: SandboxState): WechatRoute[] {
  return [
    {
      api: 'getwxacodeunlimit',
      method: 'POST',
      url: '/wxa/getwxacodeunlimit',
      handle: async ({ query, body }) => {
        const denied = authorize(state, query, 'miniProgram');
        if (denied) return denied;
        const scene = typeof body.scene === 'string' ? body.scene : undefined;
        if (scene === undefined || scene.length > 32) return fail(WechatErrcode.InvalidSceneLength);
        if (!SCENE.test(scene)) return fail(WechatErrcode.InvalidScene);
        const envVersion = body.env_version === undefined ? 'release' : text(body.env_version);
        if (!envVersion || !ENV_VERSIONS.has(envVersion)) return fail(WechatErrcode.InvalidArgs);
        const width = body.width === undefined ? 430 : body.width;
        if (typeof width !== 'number' || !Number.isInteger(width) || width < 280 || width > 1280) {
          return fail(WechatErrcode.InvalidArgs);
        }
        const page = body.page === undefined ? 'pages/index/index' : text(body.page);
        // WeChat takes the page without a leading slash; a path with one is not a page.
        const checkPath = body.check_path !== false;
        if (!page || page.startsWith('/') || (checkPath && envVersion === 'release' && !RELEASED_PAGES.has(page))) {
          return fail(WechatErrcode.InvalidPage);
        }
        if (!state.takeWxacode()) return fail(WechatErrcode.QuotaReached);
        return image(`${page}?scene=${encodeURIComponent(scene)}`, width);
      },
    },
  ];
}

async function image(content: string, width: number): Promise<WechatReply> {
  const bytes = await QRCode.toBuffer(content, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
  return { errcode: 0, json: '', image: { contentType: 'image/png', bytes } };
}
