import Taro from '@tarojs/taro';
import type { SubscribeAnswer, SubscribeAsk, SubscribeCredits, SubscribeMoment } from '@linli/shared';
import { pickTemplateIds, subscribeAnswers } from '../utils/notifications';
import { ApiError, request } from './http';
import { getUser } from './session';

/** Longest a tap waits for the resident to answer WeChat's dialog before its action goes on. */
export const PROMPT_WAIT_MS = 30_000;
/** Longest a tap waits for the answers to reach the server afterwards. */
export const REPORT_WAIT_MS = 3_000;

/**
 * An ask with less than this left is renewed when a page prefetches: the tap it serves may
 * come after the resident has filled in the form.
 */
export const ASK_RENEW_MARGIN_MS = 3 * 60_000;

type Asks = Partial<Record<SubscribeMoment, SubscribeAsk>>;

let cached: { userId: number; asks: Asks } | null = null;
const loading = new Map<string, Promise<SubscribeAsk | null>>();

function log(error: unknown): void {
  console.warn('[subscribe]', error);
}

function residentId(): number | null {
  const user = getUser();
  return user?.role === 'resident' ? user.id : null;
}

function cachedAsk(userId: number, moment: SubscribeMoment): SubscribeAsk | null {
  return cached?.userId === userId ? (cached.asks[moment] ?? null) : null;
}

function remainingMs(ask: SubscribeAsk): number {
  return Date.parse(ask.expiresAt) - Date.now();
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

function requestAsk(moment: SubscribeMoment): Promise<SubscribeAsk> {
  return request<SubscribeAsk>('/api/notifications/subscribe-asks', {
    method: 'POST',
    data: { moment },
    toast: false,
  });
}

function prefetchAsk(userId: number, moment: SubscribeMoment): Promise<SubscribeAsk | null> {
  const ask = cachedAsk(userId, moment);
  if (ask && remainingMs(ask) > ASK_RENEW_MARGIN_MS) return Promise.resolve(ask);
  const key = `${userId}:${moment}`;
  const pending = loading.get(key);
  if (pending) return pending;
  const promise = requestAsk(moment)
    .then((answer) => {
      if (cached?.userId !== userId) cached = { userId, asks: {} };
      cached.asks[moment] = answer;
      return answer;
    })
    .catch((error: unknown) => {
      log(error);
      return null;
    })
    .finally(() => {
      if (loading.get(key) === promise) loading.delete(key);
    });
  loading.set(key, promise);
  return promise;
}

/**
 * Gets the server's ask for each of these taps (the template ids to ask for and the ask's id)
 * once per signed-in resident, renewing one about to lapse. Form pages call this when they open,
 * so that the tap that submits can ask WeChat without awaiting anything first.
 */
export async function prefetchSubscribeAsks(moments: SubscribeMoment[]): Promise<Asks | null> {
  const userId = residentId();
  if (userId === null) return null;
  const asks = await Promise.all(moments.map((moment) => prefetchAsk(userId, moment)));
  return Object.fromEntries(moments.flatMap((moment, index) => (asks[index] ? [[moment, asks[index]]] : [])));
}

/** Forgets the cached asks (tests; a new session fetches its own anyway). */
export function forgetSubscribeAsks(): void {
  cached = null;
  loading.clear();
}

/** An ask is good for one tap: the next one needs its own. */
function spend(userId: number, ask: SubscribeAsk): void {
  if (cached?.userId === userId && cached.asks[ask.moment] === ask) delete cached.asks[ask.moment];
  void prefetchAsk(userId, ask.moment);
}

/**
 * Tells the server the answers, against the ask the dialog showed. When that ask lapsed while the
 * resident filled in the form, a fresh one for the same tap takes the answers for the ids it
 * names, so an 允许 WeChat counted is not lost on our side.
 */
async function report(ask: SubscribeAsk, answers: Record<string, SubscribeAnswer>): Promise<void> {
  let against = ask;
  if (remainingMs(ask) <= 0) against = await requestAsk(ask.moment);
  const counted = Object.fromEntries(
    Object.entries(answers).filter(([id]) => against.templateIds.includes(id)),
  ) as Record<string, SubscribeAnswer>;
  if (!against.askId || Object.keys(counted).length === 0) return;
  await request<SubscribeCredits>('/api/notifications/subscriptions', {
    method: 'POST',
    data: { askId: against.askId, answers: counted },
    toast: false,
  });
}

/** h5 has no subscribe dialog: in development the server stands in for the resident tapping 允许. */
async function devSubscribe(userId: number, moment: SubscribeMoment): Promise<void> {
  const ask = cachedAsk(userId, moment) ?? (await prefetchAsk(userId, moment));
  if (!ask) return;
  const templateIds = pickTemplateIds({ [moment]: ask.templateIds }, moment);
  if (templateIds.length === 0) return;
  spend(userId, ask);
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
  await report(ask, subscribeAnswers(templateIds, result));
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
    const ask = cachedAsk(userId, moment);
    if (!ask) {
      // Too late for this tap; the next one can ask.
      void prefetchAsk(userId, moment);
      return Promise.resolve();
    }
    const tmplIds = pickTemplateIds({ [moment]: ask.templateIds }, moment);
    if (tmplIds.length === 0) return Promise.resolve();
    // Taro's typing wants Alipay's entityIds as well; WeChat takes tmplIds alone.
    const option = { tmplIds } as unknown as Taro.requestSubscribeMessage.Option;
    const answered = Taro.requestSubscribeMessage(option).then((result) => subscribeAnswers(tmplIds, result));
    spend(userId, ask);
    return within(
      answered.then((answers) => within(report(ask, answers), REPORT_WAIT_MS)),
      PROMPT_WAIT_MS,
    );
  } catch (error) {
    log(error);
    return Promise.resolve();
  }
}
