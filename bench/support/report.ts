import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { WrkResult } from './wrk';

/** One side of a case: wrk's figures and the 1-minute load average around the run. */
export interface Measured {
  result: WrkResult;
  loadBefore: number;
  loadAfter: number;
  /** CPU the server process and the database server spent per answered request, in ms (Linux only). */
  serverCpuMs?: number;
  databaseCpuMs?: number;
}

export interface CaseResult {
  name: string;
  product: Measured;
  floor: Measured;
}

/** Runs `measure` between two readings of the 1-minute load average: other work on the machine skews every figure. */
/**
 * Runs `measure`, noting the load average and, where /proc allows, the CPU time the server
 * (`serverPid`) and the database server used meanwhile: on two shared cores a ratio alone does
 * not say which side of the connection the time went to.
 */
export async function withLoad(measure: () => Promise<WrkResult>, serverPid?: number): Promise<Measured> {
  const loadBefore = loadavg()[0];
  const databasePid = databaseServerPid();
  const before = [cpuMsOf(serverPid), cpuMsOf(databasePid)];
  const result = await measure();
  const after = [cpuMsOf(serverPid), cpuMsOf(databasePid)];
  const answered = result.perSecond * result.seconds;
  const perRequest = (index: number) =>
    before[index] === undefined || after[index] === undefined || answered <= 0
      ? undefined
      : (after[index]! - before[index]!) / answered;
  return { result, loadBefore, loadAfter: loadavg()[0], serverCpuMs: perRequest(0), databaseCpuMs: perRequest(1) };
}

/** utime + stime of a process, in ms; undefined where there is no /proc. */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')').
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
/** Linux's USER_HZ, 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

function databaseServerPid(): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (name === 'mariadbd' || name === 'mysqld') return Number(entry);
    }
  } catch {
    // not Linux
  }
  return undefined;
}

export async function machineLine(pool: Pool): Promise<string> {
  const [[{ version }]] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS version');
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${availableParallelism()} cores (${cpu}), ${memory} GB, node ${process.version}, MariaDB ${version}`;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
const perSecond = (value: number) => (value < 100 ? value.toFixed(1) : value.toFixed(0));
const cpu = (side: Measured) =>
  side.serverCpuMs === undefined ? '—' : `${side.serverCpuMs.toFixed(2)}+${side.databaseCpuMs?.toFixed(2) ?? '?'}`;
const load = (side: Measured) => `${side.loadBefore.toFixed(2)}→${side.loadAfter.toFixed(2)}`;

/**
 * The cases as a Markdown table (readable in a terminal, pasted as is into docs/performance.md),
 * then every run that had failed answers, socket errors or ran out of data: its figures would
 * flatter a broken run, so its ratio is marked.
 */
export function resultTable(cases: CaseResult[]): string {
  const header = [
    'case',
    'Linli req/s',
    'Linli p50',
    'Linli p99',
    'floor req/s',
    'floor p50',
    'floor p99',
    'ratio',
    'CPU ms/req Linli: app+db',
    'floor: app+db',
    'load (Linli; floor)',
  ];
  const rows = cases.map(({ name, product, floor }) => {
    const failed = product.result.problems.length > 0 || floor.result.problems.length > 0;
    return [
      name,
      perSecond(product.result.perSecond),
      ms(product.result.p50Ms),
      ms(product.result.p99Ms),
      perSecond(floor.result.perSecond),
      ms(floor.result.p50Ms),
      ms(floor.result.p99Ms),
      `${floor.result.perSecond > 0 ? `${(product.result.perSecond / floor.result.perSecond).toFixed(2)}×` : '—'}${failed ? ' (errors)' : ''}`,
      cpu(product),
      cpu(floor),
      `${load(product)}; ${load(floor)}`,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const problems = cases.flatMap(({ name, product, floor }) => [
    ...(product.result.problems.length ? [`${name}, Linli: ${product.result.problems.join(', ')}`] : []),
    ...(floor.result.problems.length ? [`${name}, floor: ${floor.result.problems.join(', ')}`] : []),
  ]);
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    problems.length ? `Runs with errors:\n${problems.map((p) => `  ${p}`).join('\n')}` : 'Every answer was a 2xx.',
  ].join('\n');
}
