import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type Chain from 'webpack-chain';
import devConfig from './dev';
import prodConfig from './prod';
import { isRelease, releaseProblems, releaseRefusal } from './release-guard';

const taroEnv = process.env.TARO_ENV ?? 'weapp';
/** The shared domain package is compiled from source by both builds (no separate shared build). */
const sharedSrc = path.resolve(__dirname, '../../shared/src');
/**
 * zod (used by the shared schemas) ships ES2020+ syntax (`?.`, `??`) that older iOS JavaScript
 * engines cannot parse, and Taro compiles only src/ and Taro's own packages: compile it too,
 * down to the browserslist in package.json.
 */
const zodPackage = (filename: string) => /node_modules[\\/]zod[\\/]/.test(filename);

/** zod calls BigInt as its modules load, which iOS 12/13 lack: see zod-bigint-loader.cjs. */
function guardZodBigInt(chain: Chain) {
  chain.module
    .rule('zod-bigint')
    .test(/node_modules[\\/]zod[\\/].*\.js$/)
    .enforce('pre')
    .use('zod-bigint')
    .loader(path.resolve(__dirname, 'zod-bigint-loader.cjs'));
}

/**
 * Where the API lives. h5 is served by the server itself (http://localhost:3000/ with the API
 * under /api), so it calls relative `/api/...`; the mini-program needs an absolute origin.
 */
const apiBase =
  taroEnv === 'h5' ? '' : (process.env.LINLI_API_BASE?.trim() || 'http://localhost:3000').replace(/\/+$/, '');

/** The appid WeChat DevTools will use when WECHAT_APPID is not set (scripts/set-appid.mjs writes it). */
function projectAppid(): string | undefined {
  try {
    const project = JSON.parse(readFileSync(path.resolve(__dirname, '../../project.config.json'), 'utf8'));
    return typeof project.appid === 'string' ? project.appid : undefined;
  } catch {
    return undefined;
  }
}

// https://docs.taro.zone/docs/next/config
export default defineConfig<'webpack5'>(async (merge) => {
  // LINLI_RELEASE=1: refuse what cannot work on a phone before spending a minute on the build.
  const problems = releaseProblems({ ...process.env, TARO_ENV: taroEnv }, projectAppid());
  if (problems.length) {
    console.error(releaseRefusal(problems));
    process.exit(1);
  }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'linli-mini-app',
    date: '2026-11-25',
    // NutUI is drawn for a 375 design width; our own styles use 750.
    designWidth(input) {
      const file = typeof input === 'object' && input?.file ? input.file.replace(/\\+/g, '/') : '';
      return file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      // A release build (LINLI_RELEASE=1) leaves the h5 demo-account list out altogether: the
      // login page then offers the PC's QR login only.
      DEMO_LOGIN: JSON.stringify(!isRelease(process.env)),
    },
    alias: {
      // Exact matches (`$`), so the subpath below is not read as a folder of index.ts.
      '@linli/shared$': path.join(sharedSrc, 'index.ts'),
      '@linli/shared/no-eval$': path.join(sharedSrc, 'no-eval.ts'),
    },
    copy: {
      patterns: [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false,
    },
    mini: {
      compile: {
        include: [sharedSrc, zodPackage],
      },
      webpackChain(chain) {
        guardZodBigInt(chain);
      },
      // NutUI's on-demand CSS is imported by several pages in different orders; order is irrelevant.
      miniCssExtractPluginOption: {
        ignoreOrder: true,
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: {
        mode: 'hash',
      },
      compile: {
        include: [sharedSrc, zodPackage],
      },
      // Taro splits only initial chunks, so every lazily loaded page would carry its own copy of
      // NutUI, Taro's components and zod; share them between pages instead.
      webpackChain(chain) {
        guardZodBigInt(chain);
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
      },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
