/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** API origin, set at build time (config/index.ts): '' in h5 (same origin), else LINLI_API_BASE. */
declare const API_BASE: string;
/** h5: show the development demo-account list (false in a LINLI_RELEASE=1 build). */
declare const DEMO_LOGIN: boolean;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    /** The platform being built. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
  }
}
