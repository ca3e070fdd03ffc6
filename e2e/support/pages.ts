import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthTokens } from '@linli/shared';
import type { Page } from 'playwright-core';
import sharp from 'sharp';

/**
 * Logs in on the h5 demo screen, through the WeChat sandbox like a phone. The app opens on the
 * guest home (look before logging in); its 登录 button leads to the login page.
 */
export async function login(page: Page, baseUrl: string, openid: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('#guest-login').click();
  await page.locator(`#login-${openid}`).click();
}

/**
 * Signs the page in with `tokens` as the mini-app stores a session (services/session.ts; Taro's
 * h5 storage wraps each value as {data}): a WeChat login the h5 login page cannot show.
 */
export async function storeSession(page: Page, baseUrl: string, tokens: AuthTokens): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.evaluate((session) => {
    const put = (key: string, data: string) => localStorage.setItem(key, JSON.stringify({ data }));
    put('linli.accessToken', session.accessToken);
    put('linli.refreshToken', session.refreshToken);
    put('linli.user', JSON.stringify(session.user));
  }, tokens);
}

/**
 * Opens a page in a new document: going to another hash keeps Taro's earlier pages (hidden) in
 * the document, and their ids with them.
 */
export async function openPage(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}/#${path}`);
  await page.reload();
}

export const waitForStatus = (page: Page, status: string) =>
  page.locator(`#detail-status[data-status="${status}"]`).waitFor();

/** The request id of the detail page the browser is on (`…?id=42`). */
export const requestIdOf = (page: Page) => Number(new URL(page.url().replace('#/', '')).searchParams.get('id'));

/** A real JPEG made on the spot, so the upload goes through the server's image checks. */
export async function photoFile(name: string, colour: { r: number; g: number; b: number }): Promise<string> {
  const path = join(tmpdir(), `linli-e2e-${name}.jpg`);
  const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  writeFileSync(path, image);
  return path;
}

export async function choosePhoto(page: Page, addButtonId: string, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(`#${addButtonId}`).click()]);
  await chooser.setFiles(file);
}

/**
 * The tab bar of the page on screen. h5 keeps the tab pages it has shown (hidden), each with its
 * own bar (components/TabBar), so only the visible one is meant.
 */
export const tabBar = (page: Page) => page.locator('#tab-bar:visible');
export const tab = (page: Page, key: 'home' | 'messages' | 'manage' | 'mine') => tabBar(page).locator(`#tab-${key}`);
export const tabBadge = (page: Page, key: 'messages' | 'manage') => tabBar(page).locator(`#tab-${key}-badge`);
