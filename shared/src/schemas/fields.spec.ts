import { isSafeText, optionalText, text } from './fields';

describe('text fields refuse what only an attacker types', () => {
  const content = text('内容', { min: 5, max: 500 });
  const note = optionalText('备注', 200);

  it.each([
    ['NUL', '楼道灯坏了\u0000很久'],
    ['a bell', '楼道灯坏了\u0007很久'],
    ['DEL', '楼道灯坏了\u007f很久'],
    ['right-to-left override', '附件 \u202Egnp.exe 请查看'],
    ['left-to-right embedding', '\u202A楼道灯坏了很久'],
    ['first strong isolate', '楼道灯坏了\u2068很久'],
    ['pop directional isolate', '楼道灯坏了\u2069很久'],
    ['a lone high surrogate', '楼道灯坏了\uD83D很久'],
    ['a lone low surrogate', '楼道灯坏了\uDE00很久'],
    ['a low surrogate before a high one', '楼道灯坏了\uDE00\uD83D很久'],
  ])('%s is refused with a Chinese message naming the field', (_what, value) => {
    for (const schema of [content, note]) {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toBe(
        `${schema === content ? '内容' : '备注'}含有无法识别的特殊字符，请删除后重试`,
      );
    }
  });

  it.each([
    ['Chinese with punctuation', '楼道灯坏了，已经三天！'],
    ['line breaks and tabs', '第一行\n第二行\r\n\t第三行'],
    ['emoji (surrogate pairs)', '谢谢师傅 👍😀 很满意'],
    ['a CJK extension B character', '姓名𠮷已登记'],
  ])('%s is kept as typed', (_what, value) => {
    expect(isSafeText(value)).toBe(true);
    expect(content.parse(value)).toBe(value.trim());
  });
});
