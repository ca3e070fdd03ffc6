/**
 * Lets a child process run the server's TypeScript source, as Jest does: the crash and
 * multi-process suites start real worker processes with `node -r ./swc-register.js src/cli/worker.ts`.
 */
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const swcrc = JSON.parse(readFileSync(join(__dirname, '../../.swcrc'), 'utf8'));
const SHARED_SOURCE = join(__dirname, '../../../shared/src/index.ts');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === '@linli/shared' ? SHARED_SOURCE : request, ...rest);
};

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
