import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WRK = process.env.BENCH_WRK ?? '/usr/bin/wrk';
/** wrk's default of 2 s would drop the slow tail from the percentiles and call it a timeout. */
const REQUEST_TIMEOUT_SECONDS = 30;
const MARKER = '@@BENCH ';

export interface WrkOptions {
  base: string;
  connections: number;
  seconds: number;
  /**
   * Lua defining `make_request(n)`, which returns `wrk.format(...)` for this thread's n-th request
   * (n from 1). It may read `tid` (this thread, from 0) and `nthreads`, and add 1 to `exhausted`
   * when it has run out of prepared data, which marks the run as failed.
   */
  script: string;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  exhausted: number;
  /** Empty when every answer was a 2xx, no socket failed and no prepared data ran out. */
  problems: string[];
}

/**
 * The hooks around a case's `make_request`: per-thread status counts in `response`, gathered
 * from every thread in `done` and printed as one JSON line, so nothing depends on the layout of
 * wrk's own report (which counts 3xx as fine and does not say which statuses failed).
 */
const HOOKS = `
local threads = {}
local thread_count = 0
function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

statuses = {}
exhausted = 0
local n = 0
function request()
  n = n + 1
  return make_request(n)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  local out_of_data = 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
    out_of_data = out_of_data + thread:get("exhausted")
  end
  local parts = {}
  for status, count in pairs(counts) do
    parts[#parts + 1] = string.format('"%d":%d', status, count)
  end
  local e = summary.errors
  io.write(string.format(
    '\\n${MARKER}{"requests":%d,"durationUs":%d,"p50":%f,"p90":%f,"p99":%f,"max":%f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"statuses":{%s},"exhausted":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ","), out_of_data))
end
`;

/** A Lua string literal for any text (Lua 5.1 has no \\u escapes; UTF-8 passes as bytes). */
export function luaString(text: string): string {
  let escaped = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    escaped += ch === '\\' || ch === '"' ? `\\${ch}` : code < 0x20 ? `\\${String(code).padStart(3, '0')}` : ch;
  }
  return `"${escaped}"`;
}

export function luaList(values: readonly (string | number)[]): string {
  return `{${values.map((value) => (typeof value === 'number' ? String(value) : luaString(value))).join(',')}}`;
}

/** One wrk run; rejects only when wrk itself fails, never for the server's answers (those are in `problems`). */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  // One thread per core at most: wrk shares the machine with the servers it measures.
  const threads = Math.min(options.connections, 2);
  const folder = mkdtempSync(join(tmpdir(), 'linli-wrk-'));
  const scriptFile = join(folder, 'case.lua');
  writeFileSync(scriptFile, `nthreads = ${threads}\n${options.script}\n${HOOKS}`);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        WRK,
        [
          `-t${threads}`,
          `-c${options.connections}`,
          `-d${options.seconds}s`,
          `--timeout`,
          `${REQUEST_TIMEOUT_SECONDS}s`,
          '--latency',
          '-s',
          scriptFile,
          options.base,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 && stdout.includes(MARKER)
          ? resolve(stdout)
          : reject(new Error(`wrk exited with ${code}:\n${stderr}${stdout}`)),
      );
    });
    return parse(output);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface Reported {
  requests: number;
  durationUs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  statuses: Record<string, number>;
  exhausted: number;
}

function parse(output: string): WrkResult {
  const line = output.slice(output.indexOf(MARKER) + MARKER.length).split('\n')[0];
  const reported = JSON.parse(line) as Reported;
  const seconds = reported.durationUs / 1e6;
  const non2xx = Object.entries(reported.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  const { connect, read, write, timeout } = reported.errors;
  const problems = [
    ...Object.entries(reported.statuses)
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, count]) => `HTTP ${status} ×${count}`),
    ...Object.entries({ connect, read, write, timeout })
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${kind} errors ×${count}`),
    ...(reported.exhausted ? [`ran out of prepared data ×${reported.exhausted}`] : []),
    // Calls still waiting when the run ends are not counted by wrk at all: none answered is a failure too.
    ...(reported.requests === 0 ? [`no answer within ${seconds.toFixed(0)} s`] : []),
  ];
  return {
    requests: reported.requests,
    seconds,
    perSecond: reported.requests / seconds,
    p50Ms: reported.p50 / 1000,
    p90Ms: reported.p90 / 1000,
    p99Ms: reported.p99 / 1000,
    maxMs: reported.max / 1000,
    statuses: reported.statuses,
    non2xx,
    socketErrors: { connect, read, write, timeout },
    exhausted: reported.exhausted,
    problems,
  };
}
