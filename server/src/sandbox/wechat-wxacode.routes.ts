import { crc32, deflateSync } from 'node:zlib';
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
  return { errcode: 0, json: '', image: { contentType: 'image/png', bytes: qrPng(content, width) } };
}

const QUIET_ZONE = 2;

/**
 * A QR code as an 8-bit greyscale PNG about `width` pixels wide. Drawn here row by row rather than
 * by qrcode's own PNG renderer, which sets pixels one at a time and takes seconds under a test
 * runner's sandboxed typed arrays; the modules come from qrcode all the same.
 */
export function qrPng(content: string, width: number): Buffer {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const cells = modules.size + QUIET_ZONE * 2;
  const scale = Math.max(1, Math.floor(width / cells));
  const side = cells * scale;
  const rows: Buffer[] = [];
  for (let y = 0; y < cells; y++) {
    const row = Buffer.alloc(1 + side, 0xff);
    row[0] = 0; // filter type: none
    const my = y - QUIET_ZONE;
    for (let x = 0; x < modules.size; x++) {
      if (my >= 0 && my < modules.size && modules.get(my, x)) {
        row.fill(0x00, 1 + (x + QUIET_ZONE) * scale, 1 + (x + QUIET_ZONE + 1) * scale);
      }
    }
    for (let i = 0; i < scale; i++) rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}
