import Taro from '@tarojs/taro';
import type { ApiErrorBody, AuthTokens, FieldError } from '@linli/shared';
import { IDEMPOTENCY_HEADER, settleSubmission, submissionKey } from './idempotency';
import { clearSession, getAccessToken, getRefreshToken, saveSession } from './session';
import { firstErrors } from '../utils/form';
import { loginUrl } from '../utils/login-redirect';
import { LOGIN_PAGE, currentRoute, currentUrl } from '../utils/routes';

/** '' in h5 (the server serves the app, the API is same-origin under /api); absolute in weapp. */
export const API_ROOT: string = API_BASE;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: Method;
  /** JSON body. */
  data?: unknown;
  query?: Query;
  /** Send the access token (default true). Public endpoints pass false. */
  auth?: boolean;
  /** Show a toast for errors that are not about a form field (default true). */
  toast?: boolean;
  /**
   * A create or a lifecycle step: sent with an `Idempotency-Key` that stays the same for every
   * retry of this submission, so the server performs it once (services/idempotency.ts).
   */
  idempotent?: boolean;
}

/** The server's error `{code, message, details[]}` as a thrown error. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldError[];
  /** First message per field, e.g. `{ content: '投诉内容至少 5 个字' }`. */
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, code: string, message: string, details: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.fieldErrors = firstErrors(details);
  }

  get hasFieldErrors(): boolean {
    return this.details.length > 0;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: '提交的内容有误',
  401: '登录已过期，请重新登录',
  403: '没有权限执行此操作',
  404: '内容不存在或无权查看',
  409: '状态已变化，请刷新后重试',
  413: '内容太大了',
  429: '操作太频繁，请稍后再试',
};

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';

/** Any thrown value as a Chinese sentence for the page. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return NETWORK_ERROR_MESSAGE;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).code === 'string' &&
    typeof (value as ApiErrorBody).message === 'string'
  );
}

/** The server's answer (or a bare status) as an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const details = Array.isArray(body.details) ? body.details : [];
    return new ApiError(status, body.code, body.message || FALLBACK_MESSAGES[status] || '请求失败', details);
  }
  const message = FALLBACK_MESSAGES[status] ?? (status >= 500 ? '服务暂时不可用，请稍后再试' : `请求失败（${status}）`);
  return new ApiError(status, status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR', message);
}

function buildUrl(path: string, query?: Query): string {
  let url = `${API_ROOT}${path}`;
  if (query) {
    const parts = Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    if (parts.length > 0) url += `${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
  }
  return url;
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

async function send(path: string, options: RequestOptions, token: string, key?: string): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json' };
  if (options.data !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;
  if (key) header[IDEMPOTENCY_HEADER] = key;
  try {
    const response = await Taro.request({
      url: buildUrl(path, options.query),
      method: options.method ?? 'GET',
      data: options.data as TaroGeneral.IAnyObject | undefined,
      header,
      dataType: 'json',
      timeout: 15000,
    });
    return { statusCode: response.statusCode, data: response.data as unknown };
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
}

export function showErrorToast(error: ApiError): void {
  void Taro.showToast({ title: error.message, icon: 'none', duration: 2500 }).catch(() => undefined);
}

/** One refresh at a time: concurrent 401s wait for the same refresh. */
let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token for new tokens (once at a time); false when that fails. */
export function refreshTokens(): Promise<boolean> {
  const refreshToken = getRefreshToken();
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= send('/api/auth/refresh', { method: 'POST', data: { refreshToken } }, '')
    .then((response) => {
      if (response.statusCode >= 200 && response.statusCode < 300) {
        saveSession(response.data as AuthTokens);
        return true;
      }
      return false;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

let redirectingToLogin = false;

/**
 * Drop the session and go to the login page (once, and not from the login page itself), which
 * brings a resident back to the page they were on.
 */
export function sendToLogin(): void {
  clearSession();
  if (redirectingToLogin || currentRoute() === LOGIN_PAGE.slice(1)) return;
  redirectingToLogin = true;
  void Taro.reLaunch({ url: loginUrl(currentUrl()) }).finally(() => {
    redirectingToLogin = false;
  });
}

/**
 * Calls the API. Adds the token; on 401 refreshes the token once and repeats the call, and if
 * that fails sends the user to the login page. Errors are thrown as `ApiError` (and, unless
 * they are about form fields, shown as a toast).
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth ?? true;
  const toast = options.toast ?? true;
  const target = `${options.method ?? 'GET'} ${path}`;
  try {
    const key = options.idempotent ? await submissionKey(target, options.data) : undefined;
    let response = await send(path, options, auth ? getAccessToken() : '', key);
    if (response.statusCode === 401 && auth) {
      if (await refreshTokens()) {
        response = await send(path, options, getAccessToken(), key);
      }
      if (response.statusCode === 401) {
        const error = toApiError(401, response.data);
        sendToLogin();
        // A switched-off account says so; anything else reads as an expired login.
        const message = error.code === 'ACCOUNT_DISABLED' ? error.message : FALLBACK_MESSAGES[401];
        throw new ApiError(401, error.code, message);
      }
    }
    if (options.idempotent) {
      const code = isErrorBody(response.data) ? response.data.code : undefined;
      settleSubmission(target, options.data, response.statusCode, code);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw toApiError(response.statusCode, response.data);
    }
    return response.data as T;
  } catch (error) {
    const apiError = error instanceof ApiError ? error : new ApiError(0, 'CLIENT_ERROR', '出了点问题，请稍后再试');
    if (toast && !apiError.hasFieldErrors) showErrorToast(apiError);
    throw apiError;
  }
}
