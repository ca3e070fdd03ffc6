import { classify } from './send-outcome';

describe('classify', () => {
  it('marks a timeout as unanswered: WeChat may have delivered it and spent the credit', () => {
    expect(classify({ kind: 'transport', reason: 'timeout', message: '超时（5000 ms）' })).toEqual({
      result: 'retry',
      errcode: null,
      reason: '超时（5000 ms）',
      unanswered: true,
    });
  });

  it('leaves a refused connection and a gateway error page as never sent', () => {
    for (const result of [
      { kind: 'transport', reason: 'network', message: '连接失败：ECONNRESET' },
      { kind: 'transport', reason: 'http', status: 503, message: 'HTTP 503' },
    ] as const) {
      expect(classify(result)).toEqual({ result: 'retry', errcode: null, reason: result.message });
    }
  });

  it('43101 is final, with the reason people read', () => {
    expect(
      classify({ kind: 'answer', errcode: 43101, errmsg: 'user refuse to accept the msg', body: {} }),
    ).toMatchObject({
      result: 'failed',
      errcode: 43101,
      reason: '用户未订阅或订阅次数已用完：user refuse to accept the msg',
    });
  });
});
