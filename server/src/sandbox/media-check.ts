import { newRid } from './errors';
import type { ContentDetail, Suggest } from './content-check';
import { cdata } from './event-push';

/** A photo (or audio) verdict set by a test or a person: media_url containing `match` gets it. */
export interface MediaRule {
  match: string;
  suggest: Suggest;
  label: number;
}

/** One media_check_async call, kept until its result has been pushed to the developer server. */
export interface MediaCheck {
  trace_id: string;
  media_url: string;
  media_type: 1 | 2;
  openid: string;
  scene: number;
  /** ms since the epoch; WeChat answers within 30 minutes, the sandbox after `delayMs` or on demand. */
  receivedAt: number;
  /**
   * Set when the result is pushed: WeChat looks at the photo some time after the call, so the
   * media rules in force then decide (a test marks a photo once it knows its id).
   */
  result?: { suggest: Suggest; label: number };
  detail?: ContentDetail[];
  pushed: boolean;
}

/** The first rule whose `match` the URL contains decides; none: pass (label 100). */
export function judgeMedia(mediaUrl: string, rules: MediaRule[]): Required<Pick<MediaCheck, 'result' | 'detail'>> {
  const hit = rules.find((rule) => mediaUrl.includes(rule.match));
  const suggest: Suggest = hit?.suggest ?? 'pass';
  const label = hit?.label ?? 100;
  return {
    result: { suggest, label },
    detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: hit ? 90 : 0 }],
  };
}

/**
 * WeChat's trace ids look like `60f96f1d-3845297a-1976a3ae`; a fresh rid-like id is close
 * enough and unique.
 */
export function newTraceId(): string {
  return newRid();
}

/**
 * The wxa_media_check event as the mini-program's message push sends it in XML (数据格式 XML):
 * the v2 fields flat, `result` and each `detail` entry as nested elements.
 */
export function mediaCheckXml(
  originalId: string,
  appid: string,
  createTime: number,
  check: Pick<MediaCheck, 'trace_id' | 'openid'> & Required<Pick<MediaCheck, 'result' | 'detail'>>,
): string {
  const detail = check.detail
    .map(
      (entry) =>
        `<detail><strategy>${cdata(entry.strategy)}</strategy><errcode>${entry.errcode}</errcode><suggest>${cdata(entry.suggest)}</suggest><label>${entry.label}</label>${entry.prob === undefined ? '' : `<prob>${entry.prob}</prob>`}</detail>`,
    )
    .join('');
  return (
    `<xml><ToUserName>${cdata(originalId)}</ToUserName><FromUserName>${cdata(check.openid)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('wxa_media_check')}</Event>` +
    `<appid>${cdata(appid)}</appid><trace_id>${cdata(check.trace_id)}</trace_id><version>2</version>${detail}` +
    `<errcode>0</errcode><errmsg>${cdata('ok')}</errmsg>` +
    `<result><suggest>${cdata(check.result.suggest)}</suggest><label>${check.result.label}</label></result></xml>`
  );
}
