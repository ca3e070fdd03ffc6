import type { UserConfigExport } from '@tarojs/cli';

// Every build without --watch (NODE_ENV=production): minified JS and CSS, named here so that a
// change of Taro's defaults cannot quietly ship an uncompressed package (the main package has 2 MB).
export default {
  terser: { enable: true, config: {} },
  csso: { enable: true, config: {} },
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
