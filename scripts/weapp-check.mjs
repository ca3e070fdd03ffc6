#!/usr/bin/env node
// `npm test` step `weapp-ci`: WeChat's own offline compiler and checks on the built weapp.
//
//   node scripts/weapp-check.mjs [--project DIR]     (DIR holds project.config.json; default the repo root)
//
// miniprogram-ci (Tencent's compiler extracted from WeChat DevTools) compiles the project the way
// an upload would, without sending anything. The run fails on
//   - a config that WeChat's bundled JSON schemas refuse: project.config.json, app.json and every
//     page's .json. A key the schema does not know fails too: WeChat ignores it without a word, so a
//     misspelt `navigationBarTitelText` would ship as a page with no title;
//   - any compile error (WXML, WXSS, JS, a missing page or component);
//   - a package whose compiled size is over 1.5 MB: WeChat allows 2 MB per package, the issue asks
//     1.5 MB for the main package and 2 MB for subpackages; every package is held to 1.5 MB, the
//     same as DevTools' code-quality scan, so a subpackage has the same headroom as the main one.
// It prints one row per package (main first) and WeChat's code-quality findings.
//
// Offline by construction: miniprogram-ci normally asks WeChat's servers for the project's
// attributes (signed with the upload key) and for its list of allowed file extensions. The
// project's attributes are given here as miniprogram-ci's own defaults (the ones it falls back
// to), the key is a throwaway RSA key made for this run, and every HTTP(S) request it still makes
// goes through a proxy on 127.0.0.1 that refuses it, so nothing leaves the machine and a network
// that drops packets cannot stall the run. miniprogram-ci then uses its bundled extension list.
import { Buffer } from 'node:buffer';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix, resolve, sep } from 'node:path';
import { setTimeout } from 'node:timers';
import { compileFunction } from 'node:vm';

const PACKAGE_LIMIT_BYTES = 1.5 * 1024 * 1024;

const require = createRequire(import.meta.url);
const repoRoot = new URL('..', import.meta.url).pathname;

function parseArgs(argv) {
  const options = { project: repoRoot };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--project' && argv[i + 1]) options.project = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: node scripts/weapp-check.mjs [--project DIR])`);
  }
  return options;
}

function readJson(path, problems) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${path}: ${error.message}`);
    return undefined;
  }
}

/** The packages of app.json: the main one ('') and each subpackage root, without a trailing slash. */
function packageRoots(appJson) {
  const subPackages = appJson.subPackages ?? appJson.subpackages ?? [];
  return subPackages.map((pkg) => pkg.root.replace(/^\/+|\/+$/g, ''));
}

function pagesOf(appJson) {
  const subPackages = appJson.subPackages ?? appJson.subpackages ?? [];
  return [
    ...(appJson.pages ?? []),
    ...subPackages.flatMap((pkg) => (pkg.pages ?? []).map((page) => posix.join(pkg.root, page))),
  ];
}

/** WeChat's bundled schemas: errors and unknown keys (which it only warns about) both count. */
function validateConfigs(projectConfig, appRoot) {
  const { schemaValidate } = require('miniprogram-ci/dist/modules/corecompiler/original/validate/schemaValidate');
  const problems = [];
  const check = (kind, file, json) => {
    const result = schemaValidate(kind, json);
    for (const error of result.error) {
      const where = error.errorProperty || '(top level)';
      problems.push(
        error.correctType
          ? `${file}: ${where} must be ${[].concat(error.correctType).join(' | ')} (${error.errorType})`
          : `${file}: ${where ? `${where}.` : ''}${error.requireProperty} is required`,
      );
    }
    if (result.warning) problems.push(`${file}: unknown key ${result.warning}`);
  };
  check('projectconfig', 'project.config.json', projectConfig);
  const appJsonPath = join(appRoot, 'app.json');
  if (!existsSync(appJsonPath)) {
    problems.push(`${appJsonPath} is missing: run npm run build:weapp -w @linli/mini-app first`);
    return { problems };
  }
  const appJson = readJson(appJsonPath, problems);
  if (!appJson) return { problems };
  check('app', 'app.json', appJson);
  for (const page of pagesOf(appJson)) {
    const file = `${page}.json`;
    const path = join(appRoot, file);
    // A page without a .json is allowed by WeChat; a missing page is the compiler's to report.
    if (!existsSync(path)) continue;
    const json = readJson(path, problems);
    if (json) check('page', file, json);
  }
  return { problems, appJson };
}

/** Scripts node cannot parse, each parsed as WeChat runs it: as the body of a function. */
function unparsableScripts(appRoot) {
  return readdirSync(appRoot, { recursive: true })
    .filter((file) => file.endsWith('.js') && !file.split(sep).includes('node_modules'))
    .flatMap((file) => {
      try {
        compileFunction(readFileSync(join(appRoot, file), 'utf8'), [], { filename: file });
        return [];
      } catch (error) {
        return [`${file.split(sep).join('/')}: ${error.message}`];
      }
    });
}

/** A proxy that refuses everything, so miniprogram-ci's calls to WeChat fail at once, on this machine. */
async function startRefusingProxy() {
  const refused = [];
  const server = createServer((request, response) => {
    refused.push(request.url);
    response.writeHead(503).end();
  });
  server.on('connect', (request, socket) => {
    refused.push(request.url.replace(/:443$/, ''));
    socket.end('HTTP/1.1 503 Service Unavailable\r\n\r\n');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, refused, close: () => server.close() };
}

function formatBytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printTable(rows) {
  const header = ['package', 'pages', 'files (build)', 'compiled (upload)', 'limit', ''];
  const lines = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => String(line[column]).length)));
  for (const line of lines) {
    console.log(line.map((cell, column) => String(cell).padEnd(widths[column])).join('  '));
  }
}

async function main() {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const projectDir = options.project;
  const failures = [];

  const projectConfig = readJson(join(projectDir, 'project.config.json'), failures);
  if (!projectConfig) return finish(failures, started);
  const appRoot = join(projectDir, projectConfig.miniprogramRoot ?? '');

  const { problems, appJson } = validateConfigs(projectConfig, appRoot);
  if (problems.length) {
    // miniprogram-ci would stop at the first bad config: list them all, and skip the compile.
    failures.push(...problems.map((problem) => `config: ${problem}`));
    return finish(failures, started);
  }
  console.log(
    `[weapp-ci] configs valid against WeChat's schemas: project.config.json, app.json, ${pagesOf(appJson).length} pages`,
  );

  // miniprogram-ci writes its caches relative to the working directory; keep them out of the repo.
  const workDir = mkdtempSync(join(tmpdir(), 'linli-weapp-ci-'));
  const proxy = await startRefusingProxy();
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) process.env[name] = proxy.url;
  for (const name of ['NO_PROXY', 'no_proxy']) process.env[name] = '';
  const log = console.log;
  try {
    process.chdir(workDir);
    const keyPath = join(workDir, 'private.key');
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFileSync(keyPath, privateKey, { mode: 0o600 });

    // Its refused calls to WeChat are logged as [error] lines; they are summed up once below instead.
    console.log = (...args) => {
      const text = args.join(' ');
      if (/servicewechat\.com|white ext list|tunneling socket/.test(text)) return;
      log(...args);
    };
    const ci = require('miniprogram-ci');
    ci.proxy(proxy.url);
    const project = new ci.Project({
      appid: projectConfig.appid || 'touristappid',
      type: 'miniProgram',
      projectPath: projectDir,
      privateKeyPath: keyPath,
      ignores: ['node_modules/**/*', '**/node_modules/**/*'],
      attr: async () => ci.DefaultProjectAttr,
    });

    let compiled;
    try {
      compiled = await ci.getCompiledResult({ project, setting: { useProjectConfig: true } });
    } catch (error) {
      const where = error?.path ? `${error.path}: ` : '';
      failures.push(
        `compile: ${where}${error?.message ?? error}${error?.code ? ` (miniprogram-ci code ${error.code})` : ''}`,
      );
      // miniprogram-ci 2.1.42 loses terser's message and the file when a script does not parse.
      if (!error?.path) failures.push(...unparsableScripts(appRoot).map((problem) => `compile: ${problem}`));
      return finish(failures, started);
    }
    const quality = await ci.checkCodeQuality(project);
    console.log = log;

    const roots = packageRoots(appJson);
    const sizes = new Map([['', 0], ...roots.map((root) => [root, 0])]);
    for (const [file, content] of Object.entries(compiled)) {
      const root = roots.find((candidate) => file.startsWith(`${candidate}/`)) ?? '';
      sizes.set(root, sizes.get(root) + (typeof content === 'string' ? Buffer.byteLength(content) : content.length));
    }
    const sourceSizes = quality.find((item) => item.name === 'PACKAGE_SIZE_LIMIT')?.detail ?? {};
    const subPackages = appJson.subPackages ?? appJson.subpackages ?? [];
    const rows = [...sizes].map(([root, bytes]) => {
      const pages = root
        ? subPackages.find((pkg) => pkg.root.replace(/^\/+|\/+$/g, '') === root).pages.length
        : appJson.pages.length;
      const source = root ? sourceSizes[`${root}/`] : sourceSizes.__APP__;
      const over = bytes > PACKAGE_LIMIT_BYTES || (source ?? 0) > PACKAGE_LIMIT_BYTES;
      if (over)
        failures.push(
          `size: package ${root || 'main'} is ${formatBytes(Math.max(bytes, source ?? 0))}, over ${formatBytes(PACKAGE_LIMIT_BYTES)}`,
        );
      return [
        root || 'main',
        pages,
        source === undefined ? '?' : formatBytes(source),
        formatBytes(bytes),
        formatBytes(PACKAGE_LIMIT_BYTES),
        over ? 'OVER' : 'ok',
      ];
    });
    const total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
    rows.push(['total', pagesOf(appJson).length, '', formatBytes(total), '', '']);
    console.log(
      `[weapp-ci] compiled ${Object.keys(compiled).length} files with miniprogram-ci ${require('miniprogram-ci/package.json').version}:`,
    );
    printTable(rows);

    // The size rule is enforced above; WeChat's other findings (unused files, big images…) are advice.
    for (const item of quality) {
      if (!item.success && item.name !== 'PACKAGE_SIZE_LIMIT')
        console.log(`[weapp-ci] code quality: ${item.name}: ${item.text}`);
    }
    if (proxy.refused.length) {
      console.log(
        `[weapp-ci] offline: refused miniprogram-ci's ${proxy.refused.length} request(s) to ${[...new Set(proxy.refused.map((url) => url.replace(/\?.*$/, '')))].join(', ')}; it used its bundled defaults`,
      );
    }
    return finish(failures, started);
  } finally {
    console.log = log;
    process.chdir(repoRoot);
    proxy.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function finish(failures, started) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const failure of failures) console.error(`[weapp-ci] FAIL ${failure}`);
  console.log(`[weapp-ci] ${failures.length ? 'failed' : 'ok'} in ${seconds} s`);
  return failures.length ? 1 : 0;
}

// A compiler that hangs must fail the run, not stall npm test: the whole check takes well under a minute.
const WATCHDOG_MS = 5 * 60 * 1000;
setTimeout(() => {
  console.error(`[weapp-ci] FAIL miniprogram-ci did not finish in ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS).unref();

// miniprogram-ci keeps a compiler process alive after compiling: exit explicitly.
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[weapp-ci] FAIL', error);
    process.exit(1);
  },
);
