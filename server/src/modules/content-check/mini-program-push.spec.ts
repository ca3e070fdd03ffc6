import { mediaCheckXml } from '../../sandbox/media-check';
import { parseFlatXml } from '../wechat/official-account-push';
import { mediaVerdict } from './mini-program-push.controller';

describe('the wxa_media_check push as the server reads it', () => {
  const xml = (suggest: 'pass' | 'review' | 'risky', detailSuggest: 'pass' | 'review' | 'risky') =>
    mediaCheckXml('gh_linli_mp_demo', 'wx-linli-demo', 1_764_720_000, {
      trace_id: '60f96f1d-3845297a-1976a3ae',
      openid: 'o-resident',
      result: { suggest, label: suggest === 'pass' ? 100 : 20002 },
      detail: [{ strategy: 'content_model', errcode: 0, suggest: detailSuggest, label: 100, prob: 90 }],
    });

  it('takes the verdict from <result>, not from a <detail> entry', () => {
    expect(mediaVerdict(xml('risky', 'pass'))).toBe('risky');
    expect(mediaVerdict(xml('pass', 'risky'))).toBe('pass');
    expect(mediaVerdict(xml('review', 'review'))).toBe('review');
  });

  it('reads the event and trace id from the flat fields', () => {
    expect(parseFlatXml(xml('pass', 'pass'))).toMatchObject({
      MsgType: 'event',
      Event: 'wxa_media_check',
      trace_id: '60f96f1d-3845297a-1976a3ae',
      appid: 'wx-linli-demo',
    });
  });

  it('has no verdict without a result or with a suggestion WeChat does not give', () => {
    expect(mediaVerdict('<xml><Event>wxa_media_check</Event></xml>')).toBeNull();
    expect(mediaVerdict('<xml><result><suggest>maybe</suggest></result></xml>')).toBeNull();
  });
});
