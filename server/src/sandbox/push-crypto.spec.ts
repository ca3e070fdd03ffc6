import { decrypt, encrypt, msgSignature } from './push-crypto';

// Tencent's WXBizMsgCrypt sample push: the sandbox must produce and read what WeChat does.
const keys = {
  token: 'spamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appid: 'wx2c2769f8efd9abc2',
};
const SAMPLE_ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXp' +
  'bUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzj' +
  'lpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYY' +
  'I1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';

describe('the sandbox’s safe mode', () => {
  it('signs and opens Tencent’s sample as WeChat does', () => {
    expect(msgSignature(keys.token, '1409735669', '1320562132', SAMPLE_ENCRYPT)).toBe(
      '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
    );
    const opened = decrypt(keys, SAMPLE_ENCRYPT);
    expect('xml' in opened && opened.xml).toContain('<Content><![CDATA[abcdteT]]></Content>');
  });

  it('round-trips, and names the appid a reply was made for', () => {
    expect(decrypt(keys, encrypt(keys, '<xml>绑定成功</xml>'))).toEqual({ xml: '<xml>绑定成功</xml>' });
    expect(decrypt(keys, encrypt({ ...keys, appid: 'wx-other' }, '<xml/>'))).toEqual({
      error: 'appid wx-other is not wx2c2769f8efd9abc2',
    });
    expect('error' in decrypt(keys, 'AAAA')).toBe(true);
  });
});
