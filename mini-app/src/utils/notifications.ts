import {
  MAX_SUBSCRIBE_TEMPLATES_PER_CALL,
  SUBSCRIBE_ANSWERS,
  type ActionName,
  type SubscribeAnswer,
  type SubscribeMoment,
  type SubscribeTemplateSets,
} from '@linli/shared';

/** WeChat's tab bar badge fits about four characters. */
export const BADGE_CAP = 99;

/** The 消息 tab badge: nothing for 0, the count, or 99+. */
export function badgeText(unread: number): string | null {
  if (!Number.isFinite(unread) || unread <= 0) return null;
  return unread > BADGE_CAP ? `${BADGE_CAP}+` : String(Math.floor(unread));
}

/** The resident's actions whose form submit asks for subscribe-message permission. */
export const SUBSCRIBE_MOMENT_OF_ACTION: Partial<Record<ActionName, SubscribeMoment>> = {
  rate: 'rate',
  confirm_fee: 'confirm_fee',
};

/**
 * The template ids to ask for at a tap: WeChat rejects the whole call when given more than
 * `MAX_SUBSCRIBE_TEMPLATES_PER_CALL` (or a duplicate), so the server's order decides which stay.
 */
export function pickTemplateIds(
  sets: Partial<SubscribeTemplateSets> | null | undefined,
  moment: SubscribeMoment,
): string[] {
  const ids = sets?.[moment];
  if (!Array.isArray(ids)) return [];
  const picked: string[] = [];
  for (const id of ids) {
    if (typeof id !== 'string' || id === '' || picked.includes(id)) continue;
    picked.push(id);
    if (picked.length === MAX_SUBSCRIBE_TEMPLATES_PER_CALL) break;
  }
  return picked;
}

/**
 * The answers of `wx.requestSubscribeMessage` (or the dev stand-in) for the ids asked: its result
 * mixes them with `errMsg` and may leave some out, so only known answers for asked ids count.
 */
export function subscribeAnswers(asked: string[], result: unknown): Record<string, SubscribeAnswer> {
  const answers: Record<string, SubscribeAnswer> = {};
  if (typeof result !== 'object' || result === null) return answers;
  for (const id of asked) {
    const answer = (result as Record<string, unknown>)[id];
    if ((SUBSCRIBE_ANSWERS as readonly unknown[]).includes(answer)) answers[id] = answer as SubscribeAnswer;
  }
  return answers;
}
