import { deliverPush } from './event-push';
import { judgeMedia, mediaCheckXml, type MediaCheck } from './media-check';
import type { SandboxState } from './sandbox.state';
import type { EventPushResult } from './sandbox.types';

/** Pushes one media check's result to the mini-program's message-push URL, as WeChat does once it has looked. */
export async function pushMediaCheck(state: SandboxState, check: MediaCheck): Promise<EventPushResult> {
  const callback = state.miniProgramCallback;
  if (!callback) throw new Error('no mini-program callback configured');
  const verdict = judgeMedia(check.media_url, state.mediaRules);
  Object.assign(check, verdict, { pushed: true });
  return deliverPush(state, {
    callback,
    appid: state.apps.miniProgram.appid,
    originalId: state.miniProgramOriginalId,
    xml: mediaCheckXml(state.miniProgramOriginalId, state.apps.miniProgram.appid, Math.floor(state.now() / 1000), {
      trace_id: check.trace_id,
      openid: check.openid,
      ...verdict,
    }),
  });
}

/** After media_check_async answered: push after the callback's delay, unless it holds results for a test. */
export function scheduleMediaPush(state: SandboxState, check: MediaCheck): void {
  const delayMs = state.miniProgramCallback?.delayMs;
  if (delayMs === null || delayMs === undefined) return;
  const timer = setTimeout(() => {
    // Reset or delivered by hand meanwhile: nothing left to push.
    if (check.pushed || !state.mediaChecks.includes(check) || !state.miniProgramCallback) return;
    void pushMediaCheck(state, check);
  }, delayMs);
  // A demo sandbox closing must not wait for WeChat's verdicts.
  timer.unref();
}
