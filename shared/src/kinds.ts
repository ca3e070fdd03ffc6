/** Request kinds (DOMAIN.md, "Request kinds"). */
export const REQUEST_KINDS = ['complaint', 'repair', 'suggestion'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const KIND_LABELS: Record<RequestKind, string> = {
  complaint: '投诉',
  repair: '报修',
  suggestion: '建议/咨询',
};

/** Prefix of the request number, e.g. TS202611250001 for a complaint. */
export const KIND_NUMBER_PREFIX: Record<RequestKind, string> = {
  complaint: 'TS',
  repair: 'BX',
  suggestion: 'JY',
};

/** Grades A–E (seed 002, 客户意见/投诉分类). */
export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, string> = {
  A: '重大投诉',
  B: '群体投诉',
  C: '一般投诉',
  D: '群体意见',
  E: '一般意见/咨询',
};

/** Where a request came in (来源). */
export const REQUEST_SOURCES = [
  'mini_program',
  'phone',
  'visit',
  'letter',
  'email',
  'call_center',
  'forum',
  'other_department',
] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

export const SOURCE_LABELS: Record<RequestSource, string> = {
  mini_program: '小程序',
  phone: '电话',
  visit: '来访',
  letter: '信函',
  email: '邮件',
  call_center: '呼叫中心',
  forum: '网络舆情',
  other_department: '其他部门转来',
};
