import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { WrkResult } from './wrk';

/** One side of a case: wrk's figures and the 1-minute load average around the run. */
export interface Measured {
  result: WrkResult;
  loadBefore: number;
  loadAfter: number;
}

export interface CaseResult {
  name: string;
  product: Measured;
  floor: Measured;
}

/** Runs `measure` between two readings of the 1-minute load average: other work on the machine skews every figure. */
export async function withLoad(measure: () => Promise<WrkResult>): Promise<Measured> {
  const loadBefore = loadavg()[0];
  const result = await measure();
  return { result, loadBefore, loadAfter: loadavg()[0] };
}

export async function machineLine(pool: Pool): Promise<string> {
  const [[{ version }]] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS version');
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${availableParallelism()} cores (${cpu}), ${memory} GB, node ${process.version}, MariaDB ${version}`;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
const perSecond = (value: number) => (value < 100 ? value.toFixed(1) : value.toFixed(0));
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
