import { randomBytes } from 'node:crypto';

/**
 * The WeChat error codes the sandbox answers, with the message text WeChat puts before
 * "rid: …". Clients must branch on `errcode`, never on the text.
 */
export const WechatErrcode = {
  SystemBusy: -1,
  InvalidCredential: 40001,
  InvalidGrantType: 40002,
  InvalidOpenid: 40003,
  InvalidAppid: 40013,
  InvalidCode: 40029,
  InvalidTemplateId: 40037,
  InvalidAppsecret: 40125,
  InvalidArgs: 40097,
  InvalidScene: 40129,
  InvalidSceneLength: 40169,
  CodeBeenUsed: 40163,
  AccessTokenMissing: 41001,
  AppidMissing: 41002,
  AppsecretMissing: 41004,
  InvalidPage: 41030,
  CodeMissing: 41008,
  AccessTokenExpired: 42001,
  RequireSubscribe: 43004,
  UserRefused: 43101,
  EmptyPostData: 44002,
  QuotaReached: 45009,
  MinuteQuotaReached: 45011,
  ApiOffline: 45109,
  DataFormatError: 47001,
  ArgumentInvalid: 47003,
  ApiUnauthorized: 48001,
} as const;

export type WechatErrcodeValue = (typeof WechatErrcode)[keyof typeof WechatErrcode];

const defaultMessages: Record<WechatErrcodeValue, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40097: 'invalid args',
  40129: 'invalid scene',
  40169: 'invalid length for scene, or the data is not json',
  40163: 'code been used',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41030: 'invalid page',
  41008: 'missing code',
  42001: 'access_token expired',
  43004: 'require subscribe',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach-limit mustslower retry next minute',
  45109: 'this api has been offline',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
};

export interface WechatErrorBody {
  errcode: number;
  errmsg: string;
}

/** WeChat tags every error with a request id of three 8-hex-digit groups. */
export function newRid(): string {
  const hex = randomBytes(12).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`;
}

export function wechatError(errcode: WechatErrcodeValue, message?: string): WechatErrorBody {
  return { errcode, errmsg: `${message ?? defaultMessages[errcode]}, rid: ${newRid()}` };
}

/** WeChat's text for an errcode the sandbox knows, without the rid. */
export function errmsgOf(errcode: number): string | undefined {
  return Object.hasOwn(defaultMessages, errcode) ? defaultMessages[errcode as WechatErrcodeValue] : undefined;
}

/** A fault's error is defined once but answered many times: each answer gets its own rid. */
export function withRid(error: WechatErrorBody): WechatErrorBody {
  return /rid: /.test(error.errmsg) ? error : { ...error, errmsg: `${error.errmsg}, rid: ${newRid()}` };
}

/** 47003's text names the offending field, e.g. "argument invalid! data.thing2.value invalid". */
export function argumentInvalid(detail: string): WechatErrorBody {
  return wechatError(WechatErrcode.ArgumentInvalid, `argument invalid! ${detail}`);
}
