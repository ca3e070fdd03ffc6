import type { FastifyInstance } from 'fastify';
import { createSandboxApp } from './sandbox.app';
import type { SandboxOptions } from './sandbox.types';

export { createSandboxApp } from './sandbox.app';
export { SANDBOX_DEFAULTS, LOGIN_CODE_LIFETIME_MS, PHONE_CODE_LIFETIME_MS } from './sandbox.state';
export { TOKEN_LIFETIME_MS, TOKEN_OVERLAP_MS } from './tokens';
export { WechatErrcode, type WechatErrcodeValue } from './errors';
export { faults, FAULTABLE_APIS, MAX_DELAY_MS } from './faults';
export { PUSH_TIMEOUT_MS, wechatSignature } from './event-push';
export { checkValue, keyType, type ValueCheck, type ValueType } from './value-rules';
export { DEFAULT_CONTENT_RULES, type ContentRules, type ContentWord } from './content-check';
export type * from './sandbox.types';

export interface StartSandboxOptions extends SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:3100, without a trailing slash: use it as WECHAT_API_BASE. */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startSandbox({
  port = 0,
  host = '127.0.0.1',
  ...options
}: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const app = createSandboxApp(options);
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${actualPort}`, app, close: () => app.close() };
}
