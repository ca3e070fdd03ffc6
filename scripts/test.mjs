#!/usr/bin/env node
// `npm test`: every check and test suite of the repository, in dependency order, ending with
// one line "N passed, N failed" that sums them all (CI reads it). A step that is not a test
// runner (lint, typecheck, builds) counts as one check.
import { spawn, spawnSync } from 'node:child_process';
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
  count(name, ok, outputFile);
}

/**
 * Jest runs one suite at a time on two cores (its default: cores − 1 workers), and the server's
 * suites share one database, so more workers would let them disturb each other. A suite with a
 * database of its own (`alone`: the million-request list plans) runs beside the rest instead, in
 * a second Jest, which takes its ~2 minutes off the run's length.
 */
async function jestBeside(name, config, alone) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n━━ ${name}: jest --config ${config} (with ${alone.join(', ')} beside it)`);
  const started = Date.now();
  const runs = [
    ['rest', ['--testPathIgnorePatterns', ...alone]],
    ['alone', alone],
  ].map(
    ([part, args]) =>
      new Promise((done) => {
        const outputFile = join(outDir, `${name}-${part}.json`);
        const child = spawn('npx', ['jest', '--config', config, '--json', '--outputFile', outputFile, ...args], {
          cwd: root,
          stdio: 'inherit',
        });
        child.on('close', (code) => done({ part, ok: code === 0, outputFile }));
      }),
  );
  const results = await Promise.all(runs);
  const ok = results.every((result) => result.ok);
  console.log(`━━ ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const result of results) count(`${name} (${result.part})`, result.ok, result.outputFile);
}

function count(name, ok, outputFile) {
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
await jestBeside('server', 'server/jest.config.js', ['server/test/list-plans.e2e-spec.ts']);
check('build-weapp', 'npm', ['run', 'build:weapp', '-w', '@linli/mini-app']);
// WeChat's own compiler (miniprogram-ci) on that build, offline: configs, compile errors, package sizes.
check('weapp-ci', 'node', ['scripts/weapp-check.mjs']);
check('build-h5', 'npm', ['run', 'build:h5', '-w', '@linli/mini-app']);
jest('mini-app', 'mini-app/jest.config.js');
jest('browser', 'e2e/jest.config.js');

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
