import { LIST_TOTAL_CAP, MAX_PAGE_OFFSET, type ListQuery } from '@linli/shared';
import { AppError } from '../../../common/errors/app-error';

/**
 * Keyset paging over the request table without reading more than a page per index range.
 *
 * A list is one or more groups; a group names the index it reads and the equality filters on
 * that index's leading columns (`dims`, in the index's order), each with one or several
 * values. Several values cannot be read in sort order from one range (`status IN (…) ORDER BY
 * created_at` sorts every match), so each combination of values is a branch of its own: an
 * ordered, LIMITed read of one index range, the branches merged by a UNION ALL whose few rows
 * are sorted once. The count runs the same filters as IN-lists (order does not matter there)
 * and stops at LIST_TOTAL_CAP + 1 rows.
 */

export type SortColumn = 'created_at' | 'callback_due_at' | 'next_due_at';
export type Direction = 'ASC' | 'DESC';
/** null stands for `IS NULL` (e.g. 待分派: no department yet), still one equality of the index. */
type Value = string | number | null;

export interface KeysetGroup {
  index: string;
  dims: [column: string, values: readonly Value[]][];
  /** Further conditions on the sort column (ranges), or residual checks on rows the index already bounds. */
  extra?: { sql: string; params: unknown[] };
}

export interface KeysetPlan {
  groups: KeysetGroup[];
  sort: SortColumn;
  direction: Direction;
  /** Groups may match the same row (a search by phone tail and by door number): merge and count without repeats. */
  overlapping?: boolean;
  /**
   * The same rows as `groups`, for the count, over an index that reads them more directly: IN-lists
   * of every value of a column (all statuses) would make the count scan the index whole.
   */
  countGroups?: KeysetGroup[];
}

export interface Position {
  at: Date;
  id: number;
}

export interface KeysetPage {
  ids: number[];
  next: string | null;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

const INVALID_CURSOR = '翻页位置无效，请从第一页重新加载';

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.getTime(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every((part) => Number.isSafeInteger(part) && (part as number) >= 0) &&
      (value[1] as number) > 0
    ) {
      return { at: new Date(value[0] as number), id: value[1] as number };
    }
  } catch {
    // Falls through to the same answer as any other malformed cursor.
  }
  throw AppError.validation([{ field: 'cursor', message: INVALID_CURSOR }]);
}

/** Where the page starts: after a cursor, or `offset` rows in (page numbers, kept shallow). */
export interface PageStart {
  after: Position | null;
  offset: number;
  pageSize: number;
  /** The page number to echo back, null when a cursor was given. */
  page: number | null;
}

export function pageStart(query: Pick<ListQuery, 'page' | 'pageSize' | 'cursor'>): PageStart {
  if (query.cursor) return { after: decodeCursor(query.cursor), offset: 0, pageSize: query.pageSize, page: null };
  const offset = (query.page - 1) * query.pageSize;
  if (offset > MAX_PAGE_OFFSET) {
    throw AppError.validation([
      { field: 'page', message: `页码过深：按页码最多翻过 ${MAX_PAGE_OFFSET} 条，请用 cursor（上一页的 next）继续` },
    ]);
  }
  return { after: null, offset, pageSize: query.pageSize, page: query.page };
}

function product(dims: KeysetGroup['dims']): Value[][] {
  return dims.reduce<Value[][]>((rows, [, values]) => rows.flatMap((row) => values.map((v) => [...row, v])), [[]]);
}

interface Branch {
  group: KeysetGroup;
  values: Value[];
}

/** Rows one page may read before the plan switches to reading the branches' heads first. */
export const PAGE_ROW_BUDGET = 4_000;
/** Branches a list may have at all: the heads alone cost one index probe each. */
export const MAX_BRANCHES = 2_000;

export type Query = (sql: string, params: unknown[]) => Promise<unknown[]>;

/**
 * Reads the page's ids and sort keys, one row more than the page to know whether one follows.
 *
 * Few branches each read as far as the page could reach (offset + page + 1 rows) and the
 * merge keeps the page. Many branches would read that much each; instead a first statement
 * reads every branch's first row (its head), and only the branches whose head is among the
 * m = page + 1 best are read, from the m-th best head on: the page's rows all lie there,
 * since at least m rows (those heads) are that good. That reads at most one row per branch
 * plus m rows from each of at most m branches, whatever the data.
 */
export async function readPage(query: Query, plan: KeysetPlan, start: PageStart): Promise<KeysetPage> {
  const branches = plan.groups.flatMap((group) => product(group.dims).map((values) => ({ group, values })));
  if (branches.length === 0) return { ids: [], next: null };
  const wanted = start.offset + start.pageSize + 1;
  if (branches.length * wanted <= PAGE_ROW_BUDGET) {
    const statement = mergedStatement(plan, start, branches, null);
    return toKeysetPage((await query(statement.sql, statement.params)) as SortRow[], start.pageSize);
  }
  if (start.offset > 0) {
    throw AppError.validation([{ field: 'page', message: '这个范围请用 cursor（上一页的 next）翻页，不支持页码' }]);
  }
  if (branches.length > MAX_BRANCHES) {
    throw AppError.validation([
      { field: 'status', message: `筛选范围过大（${branches.length} 组），请再选择状态、类型或缩小项目范围` },
    ]);
  }
  const heads = headsStatement(plan, start, branches);
  const headRows = (await query(heads.sql, heads.params)) as {
    b: number | string;
    id: number | string;
    sort_key: Date | string;
  }[];
  const ranked = headRows
    .map((row) => ({ b: Number(row.b), id: Number(row.id), at: toDate(row.sort_key).getTime() }))
    .sort((x, y) => (plan.direction === 'DESC' ? y.at - x.at : x.at - y.at));
  if (ranked.length === 0) return { ids: [], next: null };
  // Heads of overlapping groups may be one row: the threshold counts distinct rows.
  const seen = new Set<number>();
  const distinct = ranked.filter((head) => !seen.has(head.id) && Boolean(seen.add(head.id)));
  const threshold = distinct.length >= wanted ? new Date(distinct[wanted - 1].at) : null;
  const chosen = ranked
    .filter((head) => threshold === null || (plan.direction === 'DESC' ? head.at >= +threshold : head.at <= +threshold))
    .map((head) => branches[head.b]);
  const statement = mergedStatement(plan, start, chosen, threshold);
  return toKeysetPage((await query(statement.sql, statement.params)) as SortRow[], start.pageSize);
}

type SortRow = { id: number | string; sort_key: Date | string };

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function branchConditions(plan: KeysetPlan, start: PageStart, branch: Branch, from: Date | null): Statement {
  const { sort, direction } = plan;
  const beyond = direction === 'DESC' ? '<' : '>';
  const conditions = branch.group.dims.map(([column], i) =>
    branch.values[i] === null ? `r.${column} IS NULL` : `r.${column} = ?`,
  );
  const params: unknown[] = branch.values.filter((value) => value !== null);
  if (branch.group.extra) {
    conditions.push(branch.group.extra.sql);
    params.push(...branch.group.extra.params);
  }
  if (start.after) {
    conditions.push(`(r.${sort} ${beyond} ? OR (r.${sort} = ? AND r.id ${beyond} ?))`);
    params.push(start.after.at, start.after.at, start.after.id);
  }
  if (from) {
    // Only rows at least as good as the threshold: newer for DESC, older for ASC.
    conditions.push(`r.${sort} ${direction === 'DESC' ? '>=' : '<='} ?`);
    params.push(from);
  }
  return { sql: conditions.join(' AND '), params };
}

function mergedStatement(plan: KeysetPlan, start: PageStart, branches: Branch[], from: Date | null): Statement {
  const { sort, direction } = plan;
  const pageLimit = `LIMIT ${start.pageSize + 1}${start.offset > 0 ? ` OFFSET ${start.offset}` : ''}`;
  // One branch reads its page straight off the index; several each read as far as the page could reach.
  const branchLimit = branches.length === 1 ? pageLimit : `LIMIT ${start.offset + start.pageSize + 1}`;
  const parts = branches.map((branch): Statement => {
    const where = branchConditions(plan, start, branch, from);
    return {
      sql:
        `SELECT r.id, r.${sort} AS sort_key FROM request r FORCE INDEX (${branch.group.index}) ` +
        `WHERE ${where.sql} ORDER BY r.${sort} ${direction}, r.id ${direction} ${branchLimit}`,
      params: where.params,
    };
  });
  if (parts.length === 1) return parts[0];
  // UNION (distinct) drops a row two groups both found: same id, same sort key.
  const union = plan.overlapping ? ' UNION ' : ' UNION ALL ';
  return {
    sql:
      `SELECT id, sort_key FROM (${parts.map((part) => `(${part.sql})`).join(union)}) AS branches ` +
      `ORDER BY sort_key ${direction}, id ${direction} ${pageLimit}`,
    params: parts.flatMap((part) => part.params),
  };
}

/** Each branch's first row's sort key, numbered by branch. */
function headsStatement(plan: KeysetPlan, start: PageStart, branches: Branch[]): Statement {
  const { sort, direction } = plan;
  const parts = branches.map((branch, b): Statement => {
    const where = branchConditions(plan, start, branch, null);
    return {
      sql:
        `(SELECT ${b} AS b, r.id, r.${sort} AS sort_key FROM request r FORCE INDEX (${branch.group.index}) ` +
        `WHERE ${where.sql} ORDER BY r.${sort} ${direction}, r.id ${direction} LIMIT 1)`,
      params: where.params,
    };
  });
  return { sql: parts.map((part) => part.sql).join(' UNION ALL '), params: parts.flatMap((part) => part.params) };
}

/** Reads the page's rows (ids and keys) into ids and the next cursor. */
function toKeysetPage(rows: SortRow[], pageSize: number): KeysetPage {
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    ids: page.map((row) => Number(row.id)),
    next:
      rows.length > pageSize && last
        ? encodeCursor({
            at: last.sort_key instanceof Date ? last.sort_key : new Date(last.sort_key),
            id: Number(last.id),
          })
        : null,
  };
}

/**
 * Counts the list's rows up to LIST_TOTAL_CAP + 1, as an SQL expression: each group's filters
 * as IN-lists over its index (no order needed), summed. The sum may pass the cap; cappedTotal
 * caps it. Null when the list has no groups (nothing to count).
 */
export function countExpression(plan: KeysetPlan): Statement | null {
  if (plan.groups.length === 0) return null;
  const parts: Statement[] = (plan.countGroups ?? plan.groups).map((group) => {
    const conditions = group.dims.map(([column, values]) => dimCondition(column, values));
    const params: unknown[] = group.dims.flatMap(([, values]) => values.filter((value) => value !== null));
    if (group.extra) {
      conditions.push(group.extra.sql);
      params.push(...group.extra.params);
    }
    return {
      sql:
        `SELECT r.id FROM request r FORCE INDEX (${group.index}) ` +
        `WHERE ${conditions.join(' AND ')} LIMIT ${LIST_TOTAL_CAP + 1}`,
      params,
    };
  });
  if (plan.overlapping && parts.length > 1) {
    return {
      sql: `(SELECT COUNT(*) FROM (${parts.map((p) => `(${p.sql})`).join(' UNION ')}) AS counted)`,
      params: parts.flatMap((p) => p.params),
    };
  }
  return {
    sql: parts.map((p) => `(SELECT COUNT(*) FROM (${p.sql}) AS counted)`).join(' + '),
    params: parts.flatMap((p) => p.params),
  };
}

/** One dimension as an equality or IN-list, null as `IS NULL`. */
function dimCondition(column: string, values: readonly Value[]): string {
  const known = values.filter((value) => value !== null);
  const terms: string[] = [];
  if (known.length === 1) terms.push(`r.${column} = ?`);
  if (known.length > 1) terms.push(`r.${column} IN (${known.map(() => '?').join(', ')})`);
  if (known.length < values.length) terms.push(`r.${column} IS NULL`);
  return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
}

export function cappedTotal(counted: number): { total: number; totalCapped: boolean } {
  return counted > LIST_TOTAL_CAP
    ? { total: LIST_TOTAL_CAP, totalCapped: true }
    : { total: counted, totalCapped: false };
}
