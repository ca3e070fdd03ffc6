import Taro from '@tarojs/taro';
import type { SubscribeAnswer, SubscribeCredits, SubscribeMoment, SubscribeTemplateSets } from '@linli/shared';
import { pickTemplateIds, subscribeAnswers } from '../utils/notifications';
import { ApiError, request } from './http';
import { getUser } from './session';

/** Longest a tap waits for the resident to answer WeChat's dialog before its action goes on. */
export const PROMPT_WAIT_MS = 30_000;
/** Longest a tap waits for the answers to reach the server afterwards. */
export const REPORT_WAIT_MS = 3_000;

let cached: { userId: number; sets: SubscribeTemplateSets } | null = null;
let loading: { userId: number; promise: Promise<SubscribeTemplateSets | null> } | null = null;

function log(error: unknown): void {
  console.warn('[subscribe]', error);
}

function residentId(): number | null {
  const user = getUser();
  return user?.role === 'resident' ? user.id : null;
}

function cachedSets(userId: number): SubscribeTemplateSets | null {
  return cached?.userId === userId ? cached.sets : null;
}

/** Resolves with `promise`'s outcome or after `ms`, whichever comes first; never rejects. */
function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.catch(log).finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Loads the template ids once per signed-in resident. Form pages call this when they open, so
 * that the tap that submits can ask WeChat without awaiting anything first.
 */
export function prefetchSubscribeTemplates(): Promise<SubscribeTemplateSets | null> {
  const userId = residentId();
  if (userId === null) return Promise.resolve(null);
  const sets = cachedSets(userId);
  if (sets) return Promise.resolve(sets);
  if (loading?.userId === userId) return loading.promise;
  const promise: Promise<SubscribeTemplateSets | null> = request<SubscribeTemplateSets>(
    '/api/notifications/subscribe-templates',
    { toast: false },
  )
    .then((answer) => {
      cached = { userId, sets: answer };
      return answer;
    })
    .catch((error: unknown) => {
      log(error);
      return null;
    })
    .finally(() => {
      if (loading?.promise === promise) loading = null;
    });
  loading = { userId, promise };
  return promise;
}

/** Forgets the cached template ids (tests; a new session fetches its own anyway). */
export function forgetSubscribeTemplates(): void {
  cached = null;
  loading = null;
}

async function report(answers: Record<string, SubscribeAnswer>): Promise<void> {
  if (Object.keys(answers).length === 0) return;
  await request<SubscribeCredits>('/api/notifications/subscriptions', {
    method: 'POST',
    data: { answers },
    toast: false,
  });
}

/** h5 has no subscribe dialog: in development the server stands in for the resident tapping 允许. */
async function devSubscribe(userId: number, moment: SubscribeMoment): Promise<void> {
  const sets = cachedSets(userId) ?? (await prefetchSubscribeTemplates());
  const templateIds = pickTemplateIds(sets, moment);
  if (templateIds.length === 0) return;
  let result: unknown;
  try {
    ({ result } = await request<{ result: Record<string, string> }>('/api/dev/subscribe', {
      method: 'POST',
      data: { templateIds },
      toast: false,
    }));
  } catch (error) {
    // Production serves no dev routes.
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
  await report(subscribeAnswers(templateIds, result));
}

/**
 * Asks a resident to allow the subscribe messages of `moment` and tells the server the answers.
 * Call it synchronously from the tap handler, before awaiting anything: WeChat only shows the
 * dialog from the tap's own turn. Resolves once the resident answered and the answers were sent
 * (each step capped by a timeout); never rejects, so the tap's own action always goes on.
 */
export function askSubscriptions(moment: SubscribeMoment): Promise<void> {
  try {
    const userId = residentId();
    if (userId === null) return Promise.resolve();
    if (process.env.TARO_ENV === 'h5') return within(devSubscribe(userId, moment), PROMPT_WAIT_MS);
    const sets = cachedSets(userId);
    if (!sets) {
      // Too late for this tap; the next one can ask.
      void prefetchSubscribeTemplates();
      return Promise.resolve();
    }
    const tmplIds = pickTemplateIds(sets, moment);
    if (tmplIds.length === 0) return Promise.resolve();
    // Taro's typing wants Alipay's entityIds as well; WeChat takes tmplIds alone.
    const option = { tmplIds } as unknown as Taro.requestSubscribeMessage.Option;
    const answered = Taro.requestSubscribeMessage(option).then((result) => subscribeAnswers(tmplIds, result));
    return within(
      answered.then((answers) => within(report(answers), REPORT_WAIT_MS)),
      PROMPT_WAIT_MS,
    );
  } catch (error) {
    log(error);
    return Promise.resolve();
  }
}
