import { startSandbox } from './index';
import type { SandboxTemplate } from './sandbox.types';

/**
 * Standalone sandbox for the demo and for manual testing: `npm run sandbox -w @linli/server`.
 * Template lists come from SANDBOX_SUBSCRIBE_TEMPLATES / SANDBOX_OA_TEMPLATES as
 * comma-separated `id` or `id=标题` entries; the defaults are demo ids.
 */
const DEMO_SUBSCRIBE_TEMPLATES =
  'linli-tmpl-progress=工单进度通知,linli-tmpl-done=工单完成通知,linli-tmpl-visit=回访评价提醒';
const DEMO_OA_TEMPLATES = 'linli-oa-tmpl-assigned=新工单提醒,linli-oa-tmpl-overdue=工单超时提醒';

function parseTemplates(list: string): SandboxTemplate[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, title] = entry.split('=').map((part) => part.trim());
      return title ? { id, title } : { id };
    });
}

async function main(): Promise<void> {
  const env = process.env;
  const sandbox = await startSandbox({
    port: Number(env.SANDBOX_PORT ?? 3100),
    host: '127.0.0.1',
    miniProgram: {
      appid: env.WECHAT_APPID ?? 'wx-linli-demo',
      secret: env.WECHAT_SECRET ?? 'linli-demo-secret',
      templates: parseTemplates(env.SANDBOX_SUBSCRIBE_TEMPLATES ?? DEMO_SUBSCRIBE_TEMPLATES),
    },
    officialAccount: {
      appid: env.WECHAT_OA_APPID ?? 'wx-linli-oa-demo',
      secret: env.WECHAT_OA_SECRET ?? 'linli-oa-demo-secret',
      templates: parseTemplates(env.SANDBOX_OA_TEMPLATES ?? DEMO_OA_TEMPLATES),
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
