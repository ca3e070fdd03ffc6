import { z } from 'zod';
import type { OwnerRelation } from '../houses/register-match';
import { phone, text } from './fields';

/**
 * The owner register (业主名册) as a property company keeps it in a spreadsheet: one row per
 * person of a room. The import reads these columns under any of their usual headings; the
 * export writes the first heading of each.
 */
export const REGISTER_FIELDS = ['building', 'unit', 'room', 'name', 'phone', 'relation', 'area'] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

export const REGISTER_HEADERS: Record<RegisterField, readonly string[]> = {
  building: ['楼栋', '楼号', '栋', '楼栋号', '幢'],
  unit: ['单元', '单元号'],
  room: ['房号', '房间号', '房间', '室', '门牌号'],
  name: ['业主姓名', '姓名', '业主', '户主', '住户姓名'],
  phone: ['联系电话', '手机', '手机号', '电话', '联系方式', '手机号码'],
  relation: ['身份', '关系', '住户类型'],
  area: ['面积', '建筑面积', '面积（㎡）', '面积(㎡)', '面积㎡'],
};

/** Columns a register cannot do without; 身份 defaults to 业主 and 面积 is optional. */
export const REQUIRED_REGISTER_FIELDS: readonly RegisterField[] = ['building', 'unit', 'room', 'name', 'phone'];

export const REGISTER_FIELD_LABELS: Record<RegisterField, string> = {
  building: '楼栋',
  unit: '单元',
  room: '房号',
  name: '业主姓名',
  phone: '联系电话',
  relation: '身份',
  area: '面积',
};

/** The words of the 身份 column; the first of each is what the export writes. */
export const REGISTER_RELATION_WORDS: Record<OwnerRelation, readonly string[]> = {
  owner: ['业主', '户主', '产权人'],
  family: ['家属', '家庭成员', '亲属'],
  tenant: ['租户', '租客', '承租人'],
};

const RELATION_BY_WORD = new Map<string, OwnerRelation>(
  (Object.entries(REGISTER_RELATION_WORDS) as [OwnerRelation, readonly string[]][]).flatMap(([relation, words]) =>
    words.map((word) => [word, relation] as const),
  ),
);

export const relationOfWord = (word: string): OwnerRelation | undefined => RELATION_BY_WORD.get(word);

/**
 * One row after normalising: every cell is text (empty when blank). The schema turns it into a
 * register line or says, per field, what is wrong — the same messages the dry run shows.
 */
export const registerRowSchema = z.object({
  building: text('楼栋', { max: 30 }),
  unit: text('单元', { max: 30 }),
  room: text('房号', { max: 20 }),
  name: text('业主姓名', { max: 40 }),
  phone: phone('联系电话'),
  relation: z
    .string()
    .trim()
    .transform((word, context): OwnerRelation => {
      if (word === '') return 'owner';
      const relation = relationOfWord(word);
      if (relation) return relation;
      context.addIssue({ code: 'custom', message: `身份应为 业主、家属 或 租户（收到的是 ${word.slice(0, 10)}）` });
      return z.NEVER;
    }),
  area: z
    .string()
    .trim()
    .transform((value, context): number | null => {
      if (value === '') return null;
      const area = Number(value);
      if (!Number.isFinite(area) || area <= 0 || area >= 100_000) {
        context.addIssue({ code: 'custom', message: '面积应为大于 0 的数字（平方米）' });
        return z.NEVER;
      }
      return Math.round(area * 100) / 100;
    }),
});
export type RegisterRowInput = z.input<typeof registerRowSchema>;
export type RegisterRow = z.output<typeof registerRowSchema>;

// ---------------------------------------------------------------------------------------------
// The dry run's report, as the API answers it and the admin page shows it.

export const REGISTER_OUTCOMES = ['new', 'updated', 'unchanged', 'removed', 'error'] as const;
export type RegisterOutcome = (typeof REGISTER_OUTCOMES)[number];

export const REGISTER_OUTCOME_LABELS: Record<RegisterOutcome, string> = {
  new: '新增',
  updated: '更新',
  unchanged: '不变',
  removed: '移除',
  error: '错误',
};

/** How a re-import treats what the register already holds, said on screen and in the API docs. */
export const REGISTER_IMPORT_RULE =
  '按房间更新：文件中出现的房间，其住户以文件为准（同名或同手机号的更新，新的人新增，名册有而文件没有的移除）；' +
  '文件中没有的房间保持不变。有错误的行不导入，该房间已有的住户也不会被移除。';

export interface RegisterLineView {
  building: string;
  unit: string;
  room: string;
  name: string;
  phone: string;
  relation: OwnerRelation;
  area: number | null;
}

export interface RegisterReportRow {
  /** The row of the file (1 is the header row); null for a register entry the file does not list. */
  rowNumber: number | null;
  outcome: RegisterOutcome;
  line: RegisterLineView;
  /** For `updated`: the fields that change (name, phone, relation, area). */
  changes?: { field: string; from: string; to: string }[];
}

export interface RegisterRowError {
  rowNumber: number;
  field: RegisterField | 'row';
  message: string;
}

export interface RegisterImportReport {
  /** Commits exactly this dry run (POST …/register/import/:token/commit); null when nothing would change. */
  token: string | null;
  expiresAt: string | null;
  fileName: string;
  rule: string;
  totalRows: number;
  counts: Record<RegisterOutcome, number>;
  /** The first rows of each outcome (at most `sampleSize` each). */
  samples: Record<Exclude<RegisterOutcome, 'error'>, RegisterReportRow[]>;
  sampleSize: number;
  /** Every error up to `errorCap`, each with its row number, field and reason. */
  errors: RegisterRowError[];
  errorCap: number;
}

export interface RegisterImportResult {
  fileName: string;
  counts: Record<RegisterOutcome, number>;
  committedAt: string;
}
