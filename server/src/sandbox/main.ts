import { parseTemplateCatalog, sandboxTemplates } from '../config/wechat-templates';
import { startSandbox } from './index';

/**
 * Standalone sandbox for manual testing: `npm run sandbox -w @linli/server`. It registers the
 * templates of WECHAT_TEMPLATES (or the demo catalog), as the server's configuration names them;
 * WECHAT_OA_CALLBACK_URL / WECHAT_OA_TOKEN / WECHAT_OA_AES_KEY make follows and texts reach a running
 * server, encrypted (安全模式) unless SANDBOX_OA_PUSH_MODE=plaintext.
 */
async function main(): Promise<void> {
  const env = process.env;
  const catalog = parseTemplateCatalog(env.WECHAT_TEMPLATES || undefined);
  if ('error' in catalog) throw new Error(catalog.error);
  const templates = sandboxTemplates(catalog);
  const sandbox = await startSandbox({
    port: Number(env.SANDBOX_PORT ?? 3100),
    host: '127.0.0.1',
    miniProgram: {
      appid: env.WECHAT_APPID ?? 'wx-linli-demo',
      secret: env.WECHAT_SECRET ?? 'linli-demo-secret',
      templates: templates.miniProgram,
    },
    officialAccount: {
      appid: env.WECHAT_OA_APPID ?? 'wx-linli-oa-demo',
      secret: env.WECHAT_OA_SECRET ?? 'linli-oa-demo-secret',
      templates: templates.officialAccount,
      callback: env.WECHAT_OA_CALLBACK_URL
        ? {
            url: env.WECHAT_OA_CALLBACK_URL,
            token: env.WECHAT_OA_TOKEN ?? 'linliDevOaToken',
            encodingAesKey: env.WECHAT_OA_AES_KEY || undefined,
            // The server's own switch: a server that allows plaintext can be tried in plaintext.
            mode: env.SANDBOX_OA_PUSH_MODE === 'plaintext' ? 'plaintext' : 'safe',
          }
        : undefined,
    },
  });
  console.log(`WeChat sandbox listening on ${sandbox.url} (page: ${sandbox.url}/__sandbox/)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
