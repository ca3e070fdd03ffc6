/**
 * Unit tests of the mini-app's logic (services, utils, form mapping) under Node. UI flows are
 * tested in Chromium against the built h5 app (e2e/). `@tarojs/taro` is replaced by a small
 * in-memory fake (test/taro.mock.ts); `@linli/shared` is read from source, as the builds do.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
      },
    ],
  },
  moduleNameMapper: {
    '^@linli/shared$': '<rootDir>/../shared/src/index.ts',
    '^@tarojs/taro$': '<rootDir>/test/taro.mock.ts',
  },
  setupFiles: ['<rootDir>/test/setup.ts'],
};
