#!/usr/bin/env node
// `npm test`: every check and test suite of the repository, in dependency order, ending with
// one line "N passed, N failed" that sums them all (CI reads it). A step that is not a test
// runner (lint, typecheck, builds) counts as one check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'linli-test-'));
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failures = [];

function run(name, command, args, options = {}) {
  console.log(`\n━━ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  console.log(
    `━━ ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
}

function check(name, command, args) {
  if (only.length && !only.includes(name)) return;
  if (run(name, command, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function jest(name, config) {
  if (only.length && !only.includes(name)) return;
  const outputFile = join(outDir, `${name}.json`);
  const ok = run(name, 'npx', ['jest', '--config', config, '--json', '--outputFile', outputFile]);
  if (!existsSync(outputFile)) {
    failed++;
    failures.push(`${name} (no results)`);
    return;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load has no failed tests but must still fail the run.
  const broken = report.numRuntimeErrorTestSuites ?? 0;
  if (broken || (!ok && report.numFailedTests === 0)) {
    failed += Math.max(broken, 1);
    failures.push(`${name} (suite failed to run)`);
  } else if (report.numFailedTests) failures.push(name);
}

check('lint', 'npx', ['eslint', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
check('build-shared', 'npm', ['run', 'build', '-w', '@linli/shared']);
check('typecheck', 'npm', ['run', 'typecheck']);
jest('shared', 'shared/jest.config.js');
jest('server', 'server/jest.config.js');
check('build-weapp', 'npm', ['run', 'build:weapp', '-w', '@linli/mini-app']);
// WeChat's own compiler (miniprogram-ci) on that build, offline: configs, compile errors, package sizes.
check('weapp-ci', 'node', ['scripts/weapp-check.mjs']);
check('build-h5', 'npm', ['run', 'build:h5', '-w', '@linli/mini-app']);
jest('mini-app', 'mini-app/jest.config.js');
jest('browser', 'e2e/jest.config.js');

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
