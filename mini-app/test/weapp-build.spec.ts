import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The weapp build cannot run outside WeChat (miniprogram-simulate cannot load Taro's output),
 * so its structure is checked instead: what WeChat DevTools needs to open and run it.
 * `npm test` builds it first (scripts/test.mjs).
 */
const repoRoot = resolve(__dirname, '../..');
const dist = resolve(__dirname, '../dist/weapp');
// The 1.5 MB budget, under WeChat's 2 MB (scripts/weapp-check.mjs holds every package to it).
const MAIN_PACKAGE_LIMIT_BYTES = 1.5 * 1024 * 1024;

(globalThis as { defineAppConfig?: (config: unknown) => unknown }).defineAppConfig = (config) => config;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appConfig = require('../src/app.config').default as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string; iconPath: string; selectedIconPath: string }[] };
};
const SUBPACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
const subPackagePages = appConfig.subPackages.flatMap((pkg) => pkg.pages.map((page) => `${pkg.root}/${page}`));

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

describe('weapp build', () => {
  const appJson = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as {
    pages: string[];
    subPackages?: { root: string; pages: string[] }[];
    subpackages?: { root: string; pages: string[] }[];
    tabBar: { custom?: boolean; list: { pagePath: string; iconPath: string; selectedIconPath: string }[] };
    lazyCodeLoading?: string;
  };

  it('lists every page of app.config.ts in app.json, the home page first', () => {
    expect(appJson.pages).toEqual(appConfig.pages);
    expect(appJson.pages[0]).toBe('pages/index/index');
  });

  it.each(appConfig.pages)('emits the files WeChat loads for %s', (page) => {
    for (const extension of ['js', 'json', 'wxml']) {
      expect(existsSync(join(dist, `${page}.${extension}`))).toBe(true);
    }
  });

  it('lists the staff, desk and admin subpackages of app.config.ts in app.json', () => {
    const subPackages = appJson.subPackages ?? appJson.subpackages ?? [];
    expect(subPackages.map((pkg) => pkg.root).sort()).toEqual(['admin', 'desk', 'staff']);
    expect(subPackages).toEqual(appConfig.subPackages.map((pkg) => expect.objectContaining(pkg)));
  });

  it.each(subPackagePages)('emits the files WeChat loads for subpackage page %s', (page) => {
    for (const extension of ['js', 'json', 'wxml']) {
      expect(existsSync(join(dist, `${page}.${extension}`))).toBe(true);
    }
  });

  it('keeps the tab bar pages out of subpackages', () => {
    for (const tab of appConfig.tabBar.list) expect(appConfig.pages).toContain(tab.pagePath);
  });

  it.each(appConfig.subPackages.map((pkg) => pkg.root))('keeps subpackage %s within 2 MB', (root) => {
    expect(sizeOf(join(dist, root))).toBeLessThan(SUBPACKAGE_LIMIT_BYTES);
  });

  it('has the tab bar pages and their icons, and our own bar as custom-tab-bar', () => {
    expect(appJson.tabBar.list.map((tab) => tab.pagePath)).toEqual([
      'pages/index/index',
      'pages/messages/index',
      'pages/manage/index',
      'pages/requests/index',
    ]);
    expect(appJson.tabBar).toMatchObject({ custom: true });
    for (const extension of ['js', 'json', 'wxml']) {
      expect(existsSync(join(dist, `custom-tab-bar/index.${extension}`))).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(dist, 'custom-tab-bar/index.json'), 'utf8'))).toMatchObject({
      component: true,
    });
    for (const tab of appJson.tabBar.list) {
      expect(existsSync(join(dist, tab.iconPath))).toBe(true);
      expect(existsSync(join(dist, tab.selectedIconPath))).toBe(true);
    }
  });

  it('stays within the 1.5 MB main-package budget', () => {
    const subPackageBytes = appConfig.subPackages.reduce((total, pkg) => total + sizeOf(join(dist, pkg.root)), 0);
    expect(sizeOf(dist) - subPackageBytes).toBeLessThan(MAIN_PACKAGE_LIMIT_BYTES);
  });

  it('injects only the components a page renders (lazyCodeLoading), for a faster start', () => {
    expect(appJson).toMatchObject({ lazyCodeLoading: 'requiredComponents' });
  });

  it('is minified, and has WeChat DevTools minify JS, WXSS and WXML again on upload', () => {
    // Taro's terser and csso (config/prod.ts); unminified output runs to thousands of lines.
    for (const file of ['app.js', 'common.js', 'vendors.js', 'taro.js', 'common.wxss']) {
      expect(readFileSync(join(dist, file), 'utf8').split('\n').length).toBeLessThan(5);
    }
    const project = JSON.parse(readFileSync(join(repoRoot, 'project.config.json'), 'utf8')) as {
      setting: Record<string, unknown>;
    };
    expect(project.setting).toMatchObject({ minified: true, minifyWXSS: true, minifyWXML: true });
  });

  it('is what project.config.json at the repository root opens', () => {
    const project = JSON.parse(readFileSync(join(repoRoot, 'project.config.json'), 'utf8')) as {
      miniprogramRoot: string;
      compileType: string;
      appid: string;
    };
    expect(resolve(repoRoot, project.miniprogramRoot)).toBe(dist);
    expect(project.compileType).toBe('miniprogram');
    expect(project.appid).toMatch(/^(touristappid|wx[0-9a-f]{16})$/);
  });
});
