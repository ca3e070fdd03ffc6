import { newRid } from './errors';

/** msgSecCheck v2 suggestion; Linli decides on this, not on errcode (WECHAT.md §5). */
export type Suggest = 'pass' | 'review' | 'risky';

export interface ContentWord {
  word: string;
  /** WeChat's label: 10001 ad, 20001 political, 20002 porn, 20003 abuse, 20006 illegal, 20008 fraud… */
  label: number;
}

export interface ContentRules {
  risky: ContentWord[];
  review: ContentWord[];
}

/**
 * A handful of words is enough for demos and tests to reach each branch; the real model is
 * far larger and not reproducible anyway.
 */
export const DEFAULT_CONTENT_RULES: ContentRules = {
  risky: [
    { word: '赌博', label: 20006 },
    { word: '代开发票', label: 20006 },
    { word: '色情', label: 20002 },
    { word: '诈骗', label: 20008 },
  ],
  review: [
    { word: '加微信', label: 10001 },
    { word: '兼职刷单', label: 10001 },
    { word: '傻瓜', label: 20003 },
  ],
};

export interface ContentDetail {
  strategy: 'content_model' | 'keyword';
  errcode: 0;
  suggest: Suggest;
  label: number;
  prob?: number;
  level?: number;
  keyword?: string;
}

export interface ContentVerdict {
  trace_id: string;
  result: { suggest: Suggest; label: number };
  detail: ContentDetail[];
}

export function checkContent(content: string, rules: ContentRules): ContentVerdict {
  const risky = rules.risky.find((entry) => content.includes(entry.word));
  const review = risky ? undefined : rules.review.find((entry) => content.includes(entry.word));
  const hit = risky ?? review;
  const suggest: Suggest = risky ? 'risky' : review ? 'review' : 'pass';
  const label = hit?.label ?? 100;
  // Shaped like WeChat's answer: one model verdict plus the keyword strategy's verdict.
  const detail: ContentDetail[] = [{ strategy: 'content_model', errcode: 0, suggest, label, prob: hit ? 90 : 0 }];
  if (hit) {
    detail.push({ strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword: hit.word });
  }
  return { trace_id: newRid(), result: { suggest, label }, detail };
}
