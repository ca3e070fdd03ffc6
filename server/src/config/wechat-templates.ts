import { z } from 'zod';

/**
 * Which WeChat template carries which notification, and how Linli's fields map onto the
 * template's typed keys. Ids differ per environment (each company applies for its own
 * templates), so they come from WECHAT_TEMPLATES; docs/configuration.md has the table.
 */
export const SUBSCRIBE_SLOTS = ['progress', 'fee', 'result'] as const;
export type SubscribeSlot = (typeof SUBSCRIBE_SLOTS)[number];
/**
 * A house binding's outcome (审核结果) is not a request's progress, so it has a template of its
 * own; optional, since a company may not have applied for one: without it the outcome reaches
 * the resident in 消息 only.
 */
export type HouseSubscribeSlot = 'binding';
export const OFFICIAL_ACCOUNT_SLOTS = ['task', 'rework', 'update', 'alert'] as const;
export type OfficialAccountSlot = (typeof OFFICIAL_ACCOUNT_SLOTS)[number];

/** The Linli fields each slot fills; a mapping must give every one of them a WeChat key. */
export const SLOT_FIELDS = {
  progress: ['number', 'title', 'status', 'time', 'note'],
  fee: ['number', 'title', 'amount', 'time'],
  result: ['number', 'title', 'result', 'time'],
  task: ['number', 'title', 'location', 'time'],
  rework: ['number', 'title', 'reason', 'time'],
  update: ['number', 'title', 'status', 'time'],
  alert: ['number', 'title', 'reason', 'time'],
  binding: ['title', 'status', 'note', 'time'],
} as const satisfies Record<SubscribeSlot | HouseSubscribeSlot | OfficialAccountSlot, readonly string[]>;
export type SlotField<S extends SubscribeSlot | HouseSubscribeSlot | OfficialAccountSlot> =
  (typeof SLOT_FIELDS)[S][number];

export interface TemplateSlot {
  id: string;
  title: string;
  /** Linli field → WeChat key, e.g. number → character_string1. */
  keys: Record<string, string>;
}

export interface TemplateCatalog {
  subscribe: Record<SubscribeSlot, TemplateSlot> & Partial<Record<HouseSubscribeSlot, TemplateSlot>>;
  officialAccount: Record<OfficialAccountSlot, TemplateSlot>;
}

/** The demo templates, registered in the sandbox with the same keys. */
export const DEFAULT_TEMPLATE_CATALOG: TemplateCatalog = {
  subscribe: {
    progress: {
      id: 'linli-tmpl-progress',
      title: '工单进度通知',
      keys: { number: 'character_string1', title: 'thing2', status: 'phrase3', time: 'time4', note: 'thing5' },
    },
    fee: {
      id: 'linli-tmpl-fee',
      title: '费用确认提醒',
      keys: { number: 'character_string1', title: 'thing2', amount: 'amount3', time: 'time4' },
    },
    result: {
      id: 'linli-tmpl-done',
      title: '工单完成通知',
      keys: { number: 'character_string1', title: 'thing2', result: 'thing3', time: 'time4' },
    },
    binding: {
      id: 'linli-tmpl-binding',
      title: '房屋绑定审核结果',
      keys: { title: 'thing1', status: 'phrase2', note: 'thing3', time: 'time4' },
    },
  },
  officialAccount: {
    task: {
      id: 'linli-oa-tmpl-assigned',
      title: '新工单提醒',
      keys: { number: 'character_string1', title: 'thing2', location: 'thing3', time: 'time4' },
    },
    rework: {
      id: 'linli-oa-tmpl-rework',
      title: '返工通知',
      keys: { number: 'character_string1', title: 'thing2', reason: 'thing3', time: 'time4' },
    },
    update: {
      id: 'linli-oa-tmpl-update',
      title: '工单进度提醒',
      keys: { number: 'character_string1', title: 'thing2', status: 'phrase3', time: 'time4' },
    },
    alert: {
      id: 'linli-oa-tmpl-alert',
      title: '工单督办提醒',
      keys: { number: 'character_string1', title: 'thing2', reason: 'thing3', time: 'time4' },
    },
  },
};

const WECHAT_KEY =
  /^(thing|number|letter|symbol|character_string|time|date|amount|phone_number|car_number|name|phrase|enum)\d+$/;

const slotSchema = (fields: readonly string[]) =>
  z.object({
    id: z.string().min(1).max(128),
    title: z.string().min(1).max(40),
    keys: z
      .record(z.string(), z.string().regex(WECHAT_KEY, 'must be a WeChat key like thing2 or character_string1'))
      .refine((keys) => fields.every((field) => field in keys), {
        message: `must map every field: ${fields.join(', ')}`,
      }),
  });

const catalogSchema = z.object({
  subscribe: z.object({
    progress: slotSchema(SLOT_FIELDS.progress),
    fee: slotSchema(SLOT_FIELDS.fee),
    result: slotSchema(SLOT_FIELDS.result),
    binding: slotSchema(SLOT_FIELDS.binding).optional(),
  }),
  officialAccount: z.object({
    task: slotSchema(SLOT_FIELDS.task),
    rework: slotSchema(SLOT_FIELDS.rework),
    update: slotSchema(SLOT_FIELDS.update),
    alert: slotSchema(SLOT_FIELDS.alert),
  }),
});

/** WECHAT_TEMPLATES is JSON of the catalog's shape; problems are reported with their path. */
export function parseTemplateCatalog(json: string | undefined): TemplateCatalog | { error: string } {
  if (json === undefined) return DEFAULT_TEMPLATE_CATALOG;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: 'WECHAT_TEMPLATES: not valid JSON' };
  }
  const parsed = catalogSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return {
    error: parsed.error.issues
      .map((issue) => `WECHAT_TEMPLATES.${issue.path.join('.')}: ${issue.message}`)
      .join('\n  '),
  };
}

/** The catalog as the WeChat sandbox registers it: each template with the keys a send must fill. */
export function sandboxTemplates(catalog: TemplateCatalog) {
  const list = (slots: Record<string, TemplateSlot | undefined>) =>
    Object.values(slots)
      .filter((slot): slot is TemplateSlot => slot !== undefined)
      .map((slot) => ({ id: slot.id, title: slot.title, keys: Object.values(slot.keys) }));
  return { miniProgram: list(catalog.subscribe), officialAccount: list(catalog.officialAccount) };
}

const SLOT_PURPOSES: Record<SubscribeSlot | HouseSubscribeSlot | OfficialAccountSlot, string> = {
  progress: '业主：诉求进度',
  fee: '业主：费用确认',
  result: '业主：办结结果',
  binding: '业主：房屋绑定审核结果（可不配置，仅在消息中心提示）',
  task: '员工：新工单',
  rework: '员工：返工',
  update: '员工：工单进度',
  alert: '员工：督办提醒',
};

export interface TemplateSlotReport {
  channel: 'subscribe' | 'official_account';
  slot: string;
  purpose: string;
  templateId: string | null;
  title: string | null;
  fields: Array<{ field: string; key: string | null }>;
  problems: string[];
}

/**
 * Each slot of the catalog checked with the same rules as WECHAT_TEMPLATES at start-up, for the
 * read-only 微信模板 page: a slot left out, a field without a WeChat key, a key WeChat has no type for.
 */
export function templateCatalogReport(catalog: TemplateCatalog): TemplateSlotReport[] {
  const report = (
    channel: TemplateSlotReport['channel'],
    slot: keyof typeof SLOT_FIELDS,
    template: TemplateSlot | undefined,
    optional: boolean,
  ): TemplateSlotReport => {
    const fields = SLOT_FIELDS[slot].map((field) => ({ field, key: template?.keys[field] ?? null }));
    const problems: string[] = [];
    if (!template) {
      if (!optional) problems.push('未配置模板');
    } else {
      for (const { field, key } of fields) {
        if (key === null) problems.push(`字段 ${field} 未对应微信模板的关键词`);
        else if (!WECHAT_KEY.test(key))
          problems.push(`字段 ${field} 的关键词 ${key} 不是微信的关键词格式（如 thing2）`);
      }
      if (!template.id) problems.push('模板 ID 为空');
    }
    return {
      channel,
      slot,
      purpose: SLOT_PURPOSES[slot],
      templateId: template?.id ?? null,
      title: template?.title ?? null,
      fields,
      problems,
    };
  };
  return [
    ...SUBSCRIBE_SLOTS.map((slot) => report('subscribe', slot, catalog.subscribe[slot], false)),
    report('subscribe', 'binding', catalog.subscribe.binding, true),
    ...OFFICIAL_ACCOUNT_SLOTS.map((slot) => report('official_account', slot, catalog.officialAccount[slot], false)),
  ];
}
