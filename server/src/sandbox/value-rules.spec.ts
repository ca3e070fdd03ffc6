import { charCount, checkValue, keyType } from './value-rules';

describe('keyType', () => {
  it.each([
    ['thing1', 'thing'],
    ['character_string12', 'character_string'],
    ['phone_number3', 'phone_number'],
    ['number4', 'number'],
    ['car_number5', 'car_number'],
    ['enum2', 'enum'],
  ])('%s is a %s key', (key, type) => expect(keyType(key)).toBe(type));

  it.each(['thing', 'keyword1', 'Thing1', 'thing1a', 'first', ''])('%s is not a typed key', (key) =>
    expect(keyType(key)).toBeUndefined(),
  );
});

describe('checkValue', () => {
  // [key, value, expected]
  const cases: Array<[string, unknown, 'ok' | 'empty' | 'invalid']> = [
    // empty and non-string values, whatever the type
    ['thing1', '', 'empty'],
    ['thing1', '   ', 'empty'],
    ['thing1', undefined, 'empty'],
    ['thing1', null, 'empty'],
    ['number1', 12, 'invalid'],
    ['unknown1', 'x', 'invalid'],
    // thing: ≤ 20 characters of any kind
    ['thing2', '小区东门路灯不亮', 'ok'],
    ['thing2', '一二三四五六七八九十一二三四五六七八九十', 'ok'],
    ['thing2', '一二三四五六七八九十一二三四五六七八九十一', 'invalid'],
    ['thing2', 'A1-2 漏水！😀', 'ok'],
    // number: digits, decimals allowed, ≤ 32 digits
    ['number1', '42', 'ok'],
    ['number1', '3.14', 'ok'],
    ['number1', '1'.repeat(32), 'ok'],
    ['number1', '1'.repeat(33), 'invalid'],
    ['number1', '12a', 'invalid'],
    ['number1', '1.2.3', 'invalid'],
    // letter: ≤ 32 letters
    ['letter1', 'abcXYZ', 'ok'],
    ['letter1', 'a'.repeat(33), 'invalid'],
    ['letter1', 'ab1', 'invalid'],
    // symbol: ≤ 5 symbols
    ['symbol1', '#*%', 'ok'],
    ['symbol1', '!!!!!!', 'invalid'],
    ['symbol1', '#a', 'invalid'],
    // character_string: ≤ 32 digits/letters/symbols, no Chinese
    ['character_string1', 'TS-20261122-0001', 'ok'],
    ['character_string1', 'A'.repeat(32), 'ok'],
    ['character_string1', 'A'.repeat(33), 'invalid'],
    ['character_string1', '工单123', 'invalid'],
    ['character_string1', 'TS 0001', 'invalid'],
    // time: 24 h clock, optional date before it, ranges with ~
    ['time1', '15:01', 'ok'],
    ['time1', '2026年11月22日 15:01', 'ok'],
    ['time1', '2026-11-22 15:01:30', 'ok'],
    ['time1', '15:01~16:30', 'ok'],
    ['time1', '2026年11月22日 15:01 ~ 2026年11月22日 16:30', 'ok'],
    ['time1', '2026年11月22日', 'invalid'],
    ['time1', '25:00', 'invalid'],
    ['time1', '下午3点', 'invalid'],
    // date: date, optional time after it, ranges with ~
    ['date1', '2026年11月22日', 'ok'],
    ['date1', '2026-11-22', 'ok'],
    ['date1', '2026年11月22日 15:01', 'ok'],
    ['date1', '2026年11月22日~2026年11月30日', 'ok'],
    ['date1', '15:01', 'invalid'],
    ['date1', '明天', 'invalid'],
    // amount: currency symbol + ≤ 10 digits, decimals allowed, may end with 元
    ['amount1', '¥100.00', 'ok'],
    ['amount1', '￥35', 'ok'],
    ['amount1', '100.5元', 'ok'],
    ['amount1', '¥12345678901', 'invalid'],
    ['amount1', '一百元', 'invalid'],
    ['amount1', '¥¥100', 'invalid'],
    // phone_number: ≤ 17 digits/symbols
    ['phone_number1', '13800138000', 'ok'],
    ['phone_number1', '+86 022-12345678', 'ok'],
    ['phone_number1', '1'.repeat(18), 'invalid'],
    ['phone_number1', '电话13800138000', 'invalid'],
    // car_number: ≤ 8 characters, Chinese only first and last
    ['car_number1', '津A12345', 'ok'],
    ['car_number1', '粤B1234学', 'ok'],
    ['car_number1', '津AD12345', 'ok'],
    ['car_number1', '津A1234567', 'invalid'],
    ['car_number1', '津A1号345', 'invalid'],
    // name: ≤ 10 Chinese characters, or ≤ 20 letters/symbols, not mixed
    ['name1', '张三', 'ok'],
    ['name1', '一二三四五六七八九十', 'ok'],
    ['name1', '一二三四五六七八九十一', 'invalid'],
    ['name1', 'John Smith', 'ok'],
    ['name1', 'J'.repeat(21), 'invalid'],
    ['name1', '张San', 'invalid'],
    // phrase: ≤ 5 Chinese characters only
    ['phrase1', '处理中', 'ok'],
    ['phrase1', '已受理待派单', 'invalid'],
    ['phrase1', 'done', 'invalid'],
    ['phrase1', '处理中!', 'invalid'],
  ];

  it.each(cases)('%s = %p → %s', (key, value, expected) => {
    expect(checkValue(key, value)).toBe(expected);
  });

  it('checks enum keys against the template values when given', () => {
    expect(checkValue('enum1', '已完成', { enumValues: ['已完成', '已取消'] })).toBe('ok');
    expect(checkValue('enum1', '进行中', { enumValues: ['已完成', '已取消'] })).toBe('invalid');
    expect(checkValue('enum1', '进行中')).toBe('ok');
  });
});

describe('charCount', () => {
  it('counts code points, as a phone shows characters', () => {
    expect(charCount('😀𠀀a')).toBe(3);
  });
});
