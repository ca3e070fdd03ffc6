const { readFileSync } = require('node:fs');
const swcrc = JSON.parse(readFileSync(`${__dirname}/../server/.swcrc`, 'utf8'));

/** Browser tests: the built h5 app in Debian's Chromium against a real server on a fresh database. */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: { '^@linli/shared$': '<rootDir>/../shared/src/index.ts' },
  globalSetup: '<rootDir>/../server/test/global-setup.ts',
  globalTeardown: '<rootDir>/../server/test/global-teardown.ts',
  testTimeout: 60000,
  // One Chromium at a time is plenty for two cores.
  maxWorkers: 1,
};
