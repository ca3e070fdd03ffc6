// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
const nutuiPackage = '@nutui/nutui-react-taro';

module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
      },
    ],
  ],
  plugins: [
    [
      // NutUI React Taro on demand: `import { Button } from '@nutui/nutui-react-taro'` becomes
      // the component's own module plus its CSS (dist/es/packages/<lowercase>/style/css.js).
      'import',
      {
        libraryName: nutuiPackage,
        camel2DashComponentName: false,
        customName: (name) => `${nutuiPackage}/dist/es/packages/${name.toLowerCase()}`,
        customStyleName: (name) => `${nutuiPackage}/dist/es/packages/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
