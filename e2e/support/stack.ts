import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../server/src/bootstrap';
import { loadConfig, type AppConfig } from '../../server/src/config/config';
import { DEFAULT_TEMPLATE_CATALOG, sandboxTemplates } from '../../server/src/config/wechat-templates';
import { SANDBOX_DEFAULTS, startSandbox, type RunningSandbox } from '../../server/src/sandbox';

/** services/privacy.ts's storage key (the mini-app's module reads Taro, so not imported here). */
export const PRIVACY_CONSENT_KEY = 'linli.privacyConsent';

export const H5_DIST = resolve(__dirname, '../../mini-app/dist/h5');
export const SCREENSHOTS = resolve(__dirname, '../test-results');
/** `UPDATE_SCREENS=1` also refreshes the screenshots kept in docs/screens/. */
export const DOC_SCREENS = resolve(__dirname, '../../docs/screens');

export interface Stack {
  baseUrl: string;
  sandbox: RunningSandbox;
  app: NestFastifyApplication;
  /** The server's configuration (e.g. the official account's callback token). */
  config: AppConfig;
  browser: Browser;
  /**
   * A phone-sized page with a fresh profile (its own login). Its user has agreed to the privacy
   * guide already, as on a phone used before, unless `privacy: 'ask'` (e2e/privacy.browser-spec.ts).
   */
  newPage(options?: { privacy?: 'agreed' | 'ask' }): Promise<Page>;
  /** Into e2e/test-results; with `doc`, also into docs/screens when UPDATE_SCREENS is set. */
  screenshot(page: Page, name: string, options?: { doc?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Extra server environment, e.g. CONTENT_CHECK=on for the content-security spec. */
  env?: Record<string, string>;
}

/** The whole product as `npm start` runs it — server, sandbox, built h5 app — plus Chromium. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(resolve(H5_DIST, 'index.html'))) {
    throw new Error(`The h5 app is not built (${H5_DIST}); run npm run build:h5 first`);
  }
  const templates = sandboxTemplates(DEFAULT_TEMPLATE_CATALOG);
  const sandbox = await startSandbox({
    port: 0,
    miniProgram: { ...SANDBOX_DEFAULTS.miniProgram, templates: templates.miniProgram },
    officialAccount: { ...SANDBOX_DEFAULTS.officialAccount, templates: templates.officialAccount },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    WECHAT_API_BASE: sandbox.url,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    H5_DIST_DIR: H5_DIST,
    // Browser tests assert exact timelines; escalations are the server suites' subject.
    ESCALATION_SWEEP: 'off',
    GROUP_DETECTION: 'off',
    PORT: '0',
    ...options.env,
  });
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sandbox,
    app,
    config,
    browser,
    newPage: async ({ privacy = 'agreed' } = {}) => {
      const context = await browser.newContext({
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      if (privacy === 'agreed') {
        // The consent as the app stores it (services/privacy.ts; Taro's h5 storage wraps each value as {data}).
        await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [
          PRIVACY_CONSENT_KEY,
          JSON.stringify({ data: 'agreed' }),
        ] as const);
      }
      return context.newPage();
    },
    screenshot: async (page, name, options = {}) => {
      // Let Taro's page-switch animation settle so the picture shows the page, not the slide.
      await page.waitForTimeout(400);
      await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
      if (options.doc && process.env.UPDATE_SCREENS) {
        mkdirSync(DOC_SCREENS, { recursive: true });
        await page.screenshot({ path: resolve(DOC_SCREENS, `${name}.png`) });
      }
    },
    close: async () => {
      await browser.close();
      await app.close();
      await sandbox.close();
    },
  };
}
