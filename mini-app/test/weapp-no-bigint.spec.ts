import { existsSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import vm from 'node:vm';

/**
 * iOS 12 and 13 (in the browserslist) have no `BigInt`, so a bundle that calls it while its
 * modules load throws before any page shows. The built weapp is evaluated here as WeChat
 * evaluates it — each file a module with a relative `require`, the shared chunks first, then the
 * app, then each page and component — in a context whose global object has no `BigInt`.
 * `npm test` builds dist/weapp first (scripts/test.mjs).
 */
const dist = resolve(__dirname, '../dist/weapp');

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
}

const appJson = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as AppJson;
const pages = [
  ...appJson.pages,
  ...(appJson.subPackages ?? appJson.subpackages ?? []).flatMap((pkg) =>
    pkg.pages.map((page) => `${pkg.root}/${page}`),
  ),
];
/** Components WeChat loads for the pages: Taro's recursive template and our tab bar. */
const components = ['comp', 'custom-tab-bar/index'];

/** A no-op stand-in for every `wx.*` API called while modules load; asynchronous APIs never answer. */
function wxStub(): Record<string, unknown> {
  const noop = () => undefined;
  return {
    getSystemInfoSync: () => ({
      platform: 'ios',
      system: 'iOS 12.5.7',
      windowWidth: 375,
      pixelRatio: 2,
      SDKVersion: '3.0.0',
    }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    getDeviceInfo: () => ({ platform: 'ios', system: 'iOS 12.5.7' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.0.0' }),
    getMenuButtonBoundingClientRect: () => ({ top: 24, bottom: 56, left: 281, right: 368, width: 87, height: 32 }),
    getStorageSync: () => '',
    setStorageSync: noop,
    removeStorageSync: noop,
    canIUse: () => true,
    onAppShow: noop,
    onAppHide: noop,
    onError: noop,
    onUnhandledRejection: noop,
    onNetworkStatusChange: noop,
    onMemoryWarning: noop,
    nextTick: (callback: () => void) => setTimeout(callback, 0),
  };
}

interface MiniProgram {
  context: vm.Context;
  registered: { app: unknown[]; pages: unknown[]; components: unknown[] };
  /** Evaluates a file of dist/weapp once, as WeChat's `require` does; later calls reuse its exports. */
  load(file: string): unknown;
}

function miniProgramWithoutBigInt(): MiniProgram {
  const registered = { app: [] as unknown[], pages: [] as unknown[], components: [] as unknown[] };
  const context = vm.createContext({
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    wx: wxStub(),
    App: (options: unknown) => registered.app.push(options),
    Page: (options: unknown) => registered.pages.push(options),
    Component: (options: unknown) => registered.components.push(options),
    Behavior: (options: unknown) => options,
    getApp: () => registered.app[0] ?? {},
    getCurrentPages: () => [],
  });
  vm.runInContext('delete globalThis.BigInt', context);

  const cache = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const name = file.endsWith('.js') ? file : `${file}.js`;
    const cached = cache.get(name);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(name, module);
    const source = readFileSync(join(dist, name), 'utf8');
    const factory = new vm.Script(`(function (require, module, exports) {${source}\n})`, {
      filename: join(dist, name),
    }).runInContext(context) as (require: (path: string) => unknown, module: unknown, exports: unknown) => void;
    factory((path) => load(posix.join(posix.dirname(name), path)), module, module.exports);
    return module.exports;
  };
  return { context, registered, load };
}

/** What `run` threw, or undefined: a failure then names the error, not a page of minified code. */
function errorOf(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The files WeChat evaluates before any page, in its order: webpack's runtime, the shared chunks, app.js. */
const APP_FILES = ['runtime', 'taro', 'vendors', 'common', 'app'];

describe('weapp build on a JavaScript engine without BigInt (iOS 12/13)', () => {
  it('really has no BigInt in the context', () => {
    expect(vm.runInContext('typeof BigInt', miniProgramWithoutBigInt().context)).toBe('undefined');
  });

  it('evaluates the shared chunks and app.js, which registers the app', () => {
    const miniProgram = miniProgramWithoutBigInt();
    expect(errorOf(() => APP_FILES.forEach(miniProgram.load))).toBeUndefined();
    expect(miniProgram.registered.app).toHaveLength(1);
  });

  // Each page in a fresh context, as after a cold start on it (a shared link, a notification).
  it.each(pages)('evaluates page %s, which registers itself with Page()', (page) => {
    expect(existsSync(join(dist, `${page}.js`))).toBe(true);
    const miniProgram = miniProgramWithoutBigInt();
    expect(errorOf(() => [...APP_FILES, page].forEach(miniProgram.load))).toBeUndefined();
    expect(miniProgram.registered.pages).toHaveLength(1);
  });

  it.each(components)('evaluates component %s, which registers itself with Component()', (component) => {
    const miniProgram = miniProgramWithoutBigInt();
    expect(errorOf(() => [...APP_FILES, component].forEach(miniProgram.load))).toBeUndefined();
    expect(miniProgram.registered.components).toHaveLength(1);
  });
});
