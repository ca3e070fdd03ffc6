import {
  MAX_AMOUNT_FEN,
  TEMPLATE_VALUE_TYPES,
  amountValue,
  carNumberValue,
  characterStringValue,
  dateValue,
  enumValue,
  letterValue,
  nameValue,
  numberValue,
  phoneNumberValue,
  phraseValue,
  symbolValue,
  templateData,
  templateKeyType,
  templateValue,
  thingValue,
  timeValue,
} from './values';
import { graphemes } from '../format';

const length = (text: string) => Array.from(text).length;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

describe('thingValue', () => {
  it('keeps text of up to 20 characters', () => {
    const twenty = '一二三四五六七八九十一二三四五六七八九十';
    expect(length(twenty)).toBe(20);
    expect(thingValue(twenty)).toBe(twenty);
  });

  it('cuts 21 characters to 19 and an ellipsis', () => {
    const value = thingValue('一二三四五六七八九十一二三四五六七八九十一');
    expect(value).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(length(value)).toBe(20);
  });

  it('counts an emoji (a surrogate pair) as one character', () => {
    const twenty = '😀'.repeat(20);
    expect(twenty.length).toBe(40);
    expect(thingValue(twenty)).toBe(twenty);
    const cut = thingValue('😀'.repeat(21));
    expect(cut).toBe(`${'😀'.repeat(19)}…`);
    expect(length(cut)).toBe(20);
  });

  it('never splits a surrogate pair', () => {
    const cut = thingValue(`${'a'.repeat(18)}😀😀😀`);
    expect(cut).toBe(`${'a'.repeat(18)}😀…`);
  });

  it('never cuts inside a grapheme: a family, a flag, a skin tone, an accent, a keycap', () => {
    const a18 = 'a'.repeat(18);
    // Each would fit in 20 only by losing its tail: 👍 without its tone, 🇨 without 🇳, e without its accent.
    expect(thingValue(`${a18}👍🏽b`)).toBe(`${a18}…`);
    expect(thingValue(`${a18}🇨🇳🇺🇸`)).toBe(`${a18}…`);
    expect(thingValue(`${a18}e\u0301xyz`)).toBe(`${a18}…`);
    expect(thingValue(`${a18}1️⃣2`)).toBe(`${a18}…`);
    expect(thingValue(`${'a'.repeat(12)}👨‍👩‍👧‍👦bb`)).toBe(`${'a'.repeat(12)}👨‍👩‍👧‍👦…`);
    expect(thingValue(`${'a'.repeat(17)}🇨🇳🇺🇸`)).toBe(`${'a'.repeat(17)}🇨🇳…`);
  });

  it('stays within 20 characters and whole graphemes wherever the cut falls', () => {
    for (const emoji of ['😀', '👨‍👩‍👧‍👦', '🇨🇳', '👍🏽', 'e\u0301', '1️⃣', '❤️']) {
      for (let before = 0; before <= 22; before += 1) {
        const text = `${'水'.repeat(before)}${emoji}${'管'.repeat(5)}`;
        const value = thingValue(text);
        expect(value).not.toContain('\uFFFD');
        expect(value).not.toMatch(LONE_SURROGATE);
        expect(length(value)).toBeLessThanOrEqual(20);
        const kept = graphemes(value.endsWith('…') && value !== text ? value.slice(0, -1) : value);
        expect(graphemes(text).slice(0, kept.length)).toEqual(kept);
      }
    }
  });

  it('counts Chinese punctuation like any character', () => {
    const text = '楼道灯坏了，请尽快处理！谢谢。电梯也有异响？';
    expect(length(text)).toBe(22);
    expect(thingValue(text)).toBe('楼道灯坏了，请尽快处理！谢谢。电梯也有…');
    expect(thingValue('水管漏水，急！')).toBe('水管漏水，急！');
  });

  it('collapses whitespace and newlines and trims', () => {
    expect(thingValue('  厨房\n\n水管\t 漏水  ')).toBe('厨房 水管 漏水');
    expect(thingValue('a\u0000b')).toBe('ab');
  });

  it('does not end a cut on a space', () => {
    expect(thingValue(`${'a'.repeat(18)} bcdefg`)).toBe(`${'a'.repeat(18)}…`);
  });

  it('shows 无 for empty text', () => {
    expect(thingValue('')).toBe('无');
    expect(thingValue(' \n\t ')).toBe('无');
  });
});

describe('phraseValue', () => {
  it('keeps only Chinese characters, at most 5', () => {
    expect(phraseValue('处理中')).toBe('处理中');
    expect(phraseValue('已完成 (OK)!')).toBe('已完成');
    expect(phraseValue('状态: 待 评价 2')).toBe('状态待评价');
    expect(phraseValue('已完成待评价')).toBe('已完成待评');
  });

  it('falls back when nothing Chinese is left', () => {
    expect(phraseValue('OK')).toBe('有更新');
    expect(phraseValue('', '已受理')).toBe('已受理');
    expect(() => phraseValue('', 'none')).toThrow(/Chinese/);
  });
});

describe('characterStringValue', () => {
  it('keeps request numbers', () => {
    expect(characterStringValue('TS20261122-0001')).toBe('TS20261122-0001');
  });

  it('drops Chinese, other non-ASCII and spaces', () => {
    expect(characterStringValue('工单 TS20261122-0001')).toBe('TS20261122-0001');
    expect(characterStringValue('报修２号 A-1')).toBe('A-1');
  });

  it('cuts to 32 characters', () => {
    expect(characterStringValue('x'.repeat(40))).toBe('x'.repeat(32));
  });

  it('shows - for empty text', () => {
    expect(characterStringValue('')).toBe('-');
    expect(characterStringValue('无编号')).toBe('-');
  });
});

describe('timeValue and dateValue', () => {
  it('shows Asia/Shanghai time', () => {
    expect(timeValue('2026-11-22T07:01:00.000Z')).toBe('2026年11月22日 15:01');
    expect(dateValue('2026-11-22T07:01:00.000Z')).toBe('2026年11月22日');
  });

  it('moves to the next day across midnight', () => {
    expect(timeValue(new Date('2026-11-25T15:59:00.000Z'))).toBe('2026年11月25日 23:59');
    expect(timeValue(new Date('2026-11-25T16:00:00.000Z'))).toBe('2026年11月26日 00:00');
    expect(dateValue(new Date('2026-11-25T16:30:00.000Z'))).toBe('2026年11月26日');
  });

  it('moves to the next year at the end of December', () => {
    expect(timeValue('2026-12-31T16:05:00.000Z')).toBe('2027年1月1日 00:05');
    expect(dateValue('2026-12-31T15:59:59.999Z')).toBe('2026年12月31日');
  });

  it('takes epoch milliseconds', () => {
    expect(timeValue(Date.UTC(2026, 0, 5, 1, 2))).toBe('2026年1月5日 09:02');
  });

  it('throws for an invalid date', () => {
    expect(() => timeValue('not a date')).toThrow(RangeError);
    expect(() => dateValue(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('amountValue', () => {
  it('shows fen as yuan', () => {
    expect(amountValue(0)).toBe('¥0.00');
    expect(amountValue(1)).toBe('¥0.01');
    expect(amountValue(1250)).toBe('¥12.50');
    expect(amountValue(123456)).toBe('¥1234.56');
    expect(amountValue(MAX_AMOUNT_FEN)).toBe('¥9999999999.99');
  });

  it('throws for negative, fractional or too large amounts', () => {
    expect(() => amountValue(-1)).toThrow(RangeError);
    expect(() => amountValue(12.5)).toThrow(RangeError);
    expect(() => amountValue(Number.NaN)).toThrow(RangeError);
    expect(() => amountValue(MAX_AMOUNT_FEN + 1)).toThrow(RangeError);
  });
});

describe('numberValue', () => {
  it('shows plain decimals', () => {
    expect(numberValue(3)).toBe('3');
    expect(numberValue(-0)).toBe('0');
    expect(numberValue(-2.5)).toBe('-2.5');
    expect(numberValue(1e21)).toBe('1000000000000000000000');
    expect(numberValue(1.5e-7)).toBe('0.00000015');
    expect(numberValue('1,234.5')).toBe('1234.5');
  });

  it('keeps at most 32 digits', () => {
    expect(numberValue(`${'1'.repeat(30)}.12345`)).toBe(`${'1'.repeat(30)}.12`);
    expect(() => numberValue(1e40)).toThrow(RangeError);
    expect(() => numberValue(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => numberValue('12 apples')).toThrow(RangeError);
  });
});

describe('phone, name, letter, symbol, car number, enum', () => {
  it('keeps digits, + and - of phone numbers', () => {
    expect(phoneNumberValue('+86 138-0013-8000')).toBe('+86138-0013-8000');
    expect(phoneNumberValue('电话：13800138000')).toBe('13800138000');
    expect(phoneNumberValue('1'.repeat(20))).toBe('1'.repeat(17));
    expect(() => phoneNumberValue('无')).toThrow(/digit/);
  });

  it('keeps Chinese names to 10 characters and Latin names to 20', () => {
    expect(nameValue('张三')).toBe('张三');
    expect(nameValue('买买提·艾力')).toBe('买买提艾力');
    expect(nameValue('一二三四五六七八九十一')).toBe('一二三四五六七八九十');
    expect(nameValue('  José  García ')).toBe('Jose Garcia');
    expect(nameValue('Maximilian Alexander Smith')).toBe('Maximilian Alexander');
    expect(nameValue('R2-D2')).toBe('R-D');
    expect(nameValue('')).toBe('无');
  });

  it('keeps letters and symbols', () => {
    expect(letterValue('abc 123 Déf')).toBe('abcDef');
    expect(() => letterValue('123')).toThrow();
    expect(symbolValue('a!b@c#d$e%f^')).toBe('!@#$%');
    expect(() => symbolValue('abc')).toThrow();
    // 👍🏽 is two characters: it goes whole, never as 👍 without its tone.
    expect(symbolValue('!!!!👍🏽')).toBe('!!!!');
    expect(symbolValue('👍🏽👍🏽👍🏽')).toBe('👍🏽👍🏽');
  });

  it('cleans car numbers', () => {
    expect(carNumberValue('京a·12345')).toBe('京A12345');
    expect(carNumberValue('粤B 1234学')).toBe('粤B1234学');
    expect(carNumberValue('沪A中12345')).toBe('沪A12345');
    expect(carNumberValue('')).toBe('无');
  });

  it('passes enum values through', () => {
    expect(enumValue(' 维修 ')).toBe('维修');
    expect(() => enumValue(' ')).toThrow();
  });
});

describe('templateValue', () => {
  it('reads the type from the key', () => {
    expect(templateKeyType('thing3')).toBe('thing');
    expect(templateKeyType('phone_number1')).toBe('phone_number');
    expect(templateKeyType('number2')).toBe('number');
    expect(templateKeyType('thing')).toBeUndefined();
    expect(templateKeyType('title1')).toBeUndefined();
  });

  it('formats by type', () => {
    expect(templateValue('character_string1', '工单TS20261122-0001')).toBe('TS20261122-0001');
    expect(templateValue('thing2', 'x'.repeat(25))).toBe(`${'x'.repeat(19)}…`);
    expect(templateValue('phrase3', '处理中')).toBe('处理中');
    expect(templateValue('time4', new Date('2026-11-22T07:01:00Z'))).toBe('2026年11月22日 15:01');
    expect(templateValue('date5', '2026-11-22T07:01:00Z')).toBe('2026年11月22日');
    expect(templateValue('amount6', 1250)).toBe('¥12.50');
    expect(templateValue('amount6', '1250')).toBe('¥12.50');
    expect(templateValue('number7', 42)).toBe('42');
    expect(templateValue('name8', '李四')).toBe('李四');
    expect(templateValue('phone_number9', '13800138000')).toBe('13800138000');
    expect(templateValue('thing10', 42)).toBe('42');
    expect(templateValue('thing11', new Date('2026-11-22T07:01:00Z'))).toBe('2026-11-22 15:01');
  });

  it('throws a clear error for unknown types', () => {
    expect(() => templateValue('title1', 'x')).toThrow('"title1" is not a WeChat template key');
    expect(() => templateValue('amount1', '12.50')).toThrow(/integer fen/);
    expect(() => templateValue('number1', new Date())).toThrow(TypeError);
  });
});

describe('templateData', () => {
  const mapping = { number: 'character_string1', title: 'thing2', status: 'phrase3', time: 'time4' };

  it('builds data from fields', () => {
    expect(
      templateData(mapping, {
        number: 'TS20261122-0001',
        title: '厨房水管漏水，需要尽快上门维修处理一下谢谢',
        status: '处理中',
        time: '2026-11-22T07:01:00Z',
        ignored: 'not in the mapping',
      }),
    ).toEqual({
      character_string1: { value: 'TS20261122-0001' },
      thing2: { value: '厨房水管漏水，需要尽快上门维修处理一下…' },
      phrase3: { value: '处理中' },
      time4: { value: '2026年11月22日 15:01' },
    });
  });

  it('gives empty fields their placeholder', () => {
    expect(
      templateData(
        { number: 'character_string1', title: 'thing2', status: 'phrase3', who: 'name4' },
        { title: null, status: undefined, who: '  ' },
      ),
    ).toEqual({
      character_string1: { value: '-' },
      thing2: { value: '无' },
      phrase3: { value: '有更新' },
      name4: { value: '无' },
    });
  });

  it('throws for empty fields without a placeholder, unknown keys and doubled keys', () => {
    expect(() => templateData(mapping, { number: 'A', title: 'B', status: '好' })).toThrow(
      'field "time" (time4) is empty',
    );
    expect(() => templateData({ title: 'title2' }, { title: 'x' })).toThrow('not a WeChat template key');
    expect(() => templateData({ a: 'thing1', b: 'thing1' }, { a: 'x', b: 'y' })).toThrow('more than one field');
  });
});

/**
 * WeChat's value rules (WECHAT.md §3), written as the sandbox checks them
 * (server/src/sandbox/value-rules.ts, which shared's tsconfig cannot import: it is outside rootDir).
 */
const HAN_ONLY = /^\p{Script=Han}+$/u;
const DATE = String.raw`(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-/]\d{1,2}[-/]\d{1,2}`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const RULES: Record<string, (value: string) => boolean> = {
  thing: (value) => length(value) <= 20,
  number: (value) => /^-?\d+(?:\.\d+)?$/.test(value) && value.replace(/\D/g, '').length <= 32,
  letter: (value) => /^[A-Za-z]{1,32}$/.test(value),
  symbol: (value) => length(value) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(value),
  character_string: (value) => value.length <= 32 && /^[!-~]+$/.test(value),
  time: (value) => new RegExp(`^(?:(?:${DATE})\\s*)?${CLOCK}$`).test(value),
  date: (value) => new RegExp(`^(?:${DATE})(?:\\s*${CLOCK})?$`).test(value),
  amount: (value) => /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(value),
  phone_number: (value) => value.length <= 17 && /^[0-9 !-/:-@[-`{-~]+$/.test(value) && /\d/.test(value),
  car_number: (value) =>
    Array.from(value).every(
      (char, index, all) =>
        all.length <= 8 &&
        (/^[A-Za-z0-9]$/.test(char) || ((index === 0 || index === all.length - 1) && HAN_ONLY.test(char))),
    ),
  name: (value) =>
    HAN_ONLY.test(value) ? length(value) <= 10 : length(value) <= 20 && /^[A-Za-z !-/:-@[-`{-~]+$/.test(value),
  phrase: (value) => length(value) <= 5 && HAN_ONLY.test(value),
};

/** 'ok' when WeChat would take `value` for `key`, as the sandbox's checkValue answers. */
function checkValue(key: string, value: string): 'ok' | 'empty' | 'invalid' {
  if (value.trim() === '') return 'empty';
  const type = templateKeyType(key);
  if (!type || type === 'enum') return 'invalid';
  return RULES[type](value) ? 'ok' : 'invalid';
}

describe('every formatted value passes the sandbox rules', () => {
  // mulberry32: a small seeded generator, so a failure reproduces.
  function seeded(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const random = seeded(20261122);
  const int = (max: number) => Math.floor(random() * max);
  const pools = [
    'abcXYZ0123456789',
    '!@#$%^&*()-_=+[]{};:\'",.<>/?`~|\\',
    '报修水管漏水电梯物业处理中已完成工单〇々',
    '，。！？、；：“”（）【】…—·',
    '😀👍🏻🚰👨‍👩‍👧',
    ' \t\n\r\u3000\u00a0\u2028',
    '\u0000\u0007\u001b\u007f\ud800\udfff',
    'éüñçøÅ\u0301абвгд한국어ひらがなカタカナ０１２ＡＢＣ',
  ];
  function randomText(): string {
    let text = '';
    const size = int(45);
    for (let index = 0; index < size; index += 1) {
      const pool = Array.from(pools[int(pools.length)]);
      text += pool[int(pool.length)];
    }
    return text;
  }
  const RUNS = 2000;

  it('has a rule for every type but enum', () => {
    const ruled = TEMPLATE_VALUE_TYPES.filter((type) => type !== 'enum');
    expect(Object.keys(RULES).sort()).toEqual([...ruled].sort());
  });

  it('rejects what WeChat rejects', () => {
    expect(checkValue('thing1', 'x'.repeat(21))).toBe('invalid');
    expect(checkValue('thing1', ' ')).toBe('empty');
    expect(checkValue('phrase1', '处理中!')).toBe('invalid');
    expect(checkValue('character_string1', '工单1')).toBe('invalid');
    expect(checkValue('time1', '2026年11月22日 25:01')).toBe('invalid');
    expect(checkValue('amount1', '¥12345678901.00')).toBe('invalid');
    expect(checkValue('car_number1', '京A中12345')).toBe('invalid');
    expect(checkValue('name1', '张三Tom')).toBe('invalid');
  });

  it('holds for text formatters', () => {
    const failures: { key: string; text: string; value: string }[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const text = randomText();
      const cases: [string, () => string][] = [
        ['thing1', () => thingValue(text)],
        ['phrase1', () => phraseValue(text)],
        ['character_string1', () => characterStringValue(text)],
        ['name1', () => nameValue(text)],
        ['car_number1', () => carNumberValue(text)],
      ];
      for (const [key, format] of cases) {
        const value = format();
        if (checkValue(key, value) !== 'ok') failures.push({ key, text, value });
      }
      // These throw instead of returning an empty value; whatever they return must pass.
      const throwing: [string, () => string][] = [
        ['phone_number1', () => phoneNumberValue(text)],
        ['letter1', () => letterValue(text)],
        ['symbol1', () => symbolValue(text)],
      ];
      for (const [key, format] of throwing) {
        let value: string;
        try {
          value = format();
        } catch {
          continue;
        }
        if (checkValue(key, value) !== 'ok') failures.push({ key, text, value });
      }
    }
    expect(failures).toEqual([]);
  });

  it('holds for times, dates, amounts and numbers', () => {
    const failures: { key: string; value: string }[] = [];
    const from = Date.UTC(1970, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (let run = 0; run < RUNS; run += 1) {
      const when = new Date(from + Math.floor(random() * (to - from)));
      const fen = random() < 0.5 ? int(100_000) : Math.floor(random() * MAX_AMOUNT_FEN);
      const magnitude = 10 ** (int(60) - 30);
      const n = (random() - 0.5) * magnitude;
      const values: [string, string][] = [
        ['time1', timeValue(when)],
        ['date1', dateValue(when)],
        ['amount1', amountValue(fen)],
        ['number1', Math.abs(n) < 1e32 ? numberValue(n) : '0'],
        ['number2', numberValue(int(1_000_000))],
      ];
      for (const [key, value] of values) {
        if (checkValue(key, value) !== 'ok') failures.push({ key, value });
      }
    }
    expect(failures).toEqual([]);
  });

  it('holds for templateData with empty fields', () => {
    const data = templateData({ a: 'thing1', b: 'phrase2', c: 'character_string3', d: 'name4', e: 'car_number5' }, {});
    for (const [key, { value }] of Object.entries(data)) expect(checkValue(key, value)).toBe('ok');
  });
});
