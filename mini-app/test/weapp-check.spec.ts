import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * scripts/weapp-check.mjs (the `weapp-ci` step of `npm test`) must fail on what WeChat would
 * refuse. Each case builds a two-page mini-program of its own (a main page and a subpackage
 * page) with one fault, so the checker's verdict does not depend on the app's build; every case
 * that compiles costs miniprogram-ci a few seconds, so there are only as many as there are kinds
 * of fault: a config, the compiler (WXML, JS) and the size limit.
 */
const checker = resolve(__dirname, '../../scripts/weapp-check.mjs');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

type Files = Record<string, string | Buffer>;

function validFiles(): Files {
  const files: Files = {
    'project.config.json': JSON.stringify({
      appid: 'touristappid',
      compileType: 'miniprogram',
      miniprogramRoot: 'dist/',
      setting: { es6: false, minified: true, minifyWXSS: true, minifyWXML: true },
    }),
    'dist/app.json': JSON.stringify({
      pages: ['pages/index/index'],
      subPackages: [{ root: 'sub', pages: ['pages/detail/index'] }],
    }),
    'dist/app.js': 'App({});',
  };
  for (const page of ['dist/pages/index/index', 'dist/sub/pages/detail/index']) {
    files[`${page}.js`] = 'Page({ data: { count: 1 } });';
    files[`${page}.json`] = JSON.stringify({ navigationBarTitleText: '邻里' });
    files[`${page}.wxml`] = '<view class="count">{{count}}</view>';
    files[`${page}.wxss`] = '.count { color: #18a574; }';
  }
  return files;
}

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'linli-weapp-check-spec-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function check(name: string, files: Files): Promise<Result> {
  const projectDir = join(workDir, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(projectDir, path)), { recursive: true });
    writeFileSync(join(projectDir, path), content);
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [checker, '--project', projectDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function failuresOf(result: Result): string[] {
  return result.stderr.split('\n').filter((line) => line.startsWith('[weapp-ci] FAIL'));
}

describe('weapp-check (miniprogram-ci)', () => {
  it('fails a subpackage over 1.5 MB and only that, after compiling the rest cleanly', async () => {
    // Random bytes: incompressible, so no minifier can bring the package back under the limit.
    const result = await check('oversize', { ...validFiles(), 'dist/sub/assets/photo.png': randomBytes(1600 * 1024) });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^main\s+1\s+.*\bok\s*$/m);
    expect(result.stdout).toMatch(/^sub\s+1\s+.*\bOVER\s*$/m);
    expect(failuresOf(result)).toEqual([expect.stringMatching(/size: package sub is 16\d\d\.\d KB, over 1536\.0 KB/)]);
  }, 120_000);

  it("lists every config WeChat's schemas refuse, unknown keys too, without compiling", async () => {
    const files = validFiles();
    files['dist/pages/index/index.json'] = JSON.stringify({ navigationBarTitelText: '邻里' });
    files['dist/sub/pages/detail/index.json'] = JSON.stringify({ enablePullDownRefresh: 'yes' });
    files['dist/app.json'] = JSON.stringify({ ...JSON.parse(files['dist/app.json'] as string), windows: {} });
    const result = await check('config', files);
    expect(result.status).toBe(1);
    expect(failuresOf(result)).toEqual([
      expect.stringContaining('app.json: unknown key app.json ["windows"]'),
      expect.stringContaining('pages/index/index.json: unknown key page.json ["navigationBarTitelText"]'),
      expect.stringContaining('sub/pages/detail/index.json: enablePullDownRefresh must be boolean'),
    ]);
    expect(result.stdout).not.toContain('compiled');
  }, 60_000);

  it('fails a WXML syntax error, naming the file', async () => {
    const result = await check('wxml', {
      ...validFiles(),
      'dist/pages/index/index.wxml': '<view><text>{{count}}</view>',
    });
    expect(result.status).toBe(1);
    expect(failuresOf(result)).toEqual([expect.stringMatching(/compile: pages\/index\/index\.wxml: .*end tag/)]);
  }, 120_000);

  it('fails a JS syntax error, naming the file', async () => {
    const result = await check('js', {
      ...validFiles(),
      'dist/sub/pages/detail/index.js': 'Page({ data: { count: 1 }',
    });
    expect(result.status).toBe(1);
    // miniprogram-ci's own message names no file (its terser wrapper loses it); the checker adds the one that fails.
    expect(failuresOf(result)).toEqual([
      expect.stringMatching(/^\[weapp-ci\] FAIL compile: /),
      '[weapp-ci] FAIL compile: sub/pages/detail/index.js: Unexpected end of input',
    ]);
  }, 120_000);
});
