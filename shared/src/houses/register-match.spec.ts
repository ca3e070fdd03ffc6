import { bindingMismatches, matchesRegister } from './register-match';

const register = [
  { name: '张三', phone: '13800000001' },
  { name: '李四', phone: '13800000002' },
];

describe('bindingMismatches', () => {
  it('finds nothing when a verified phone and its entry’s name match', () => {
    expect(bindingMismatches({ name: '张三', phone: '13800000001', phoneVerified: true }, register)).toEqual([]);
    expect(matchesRegister({ name: '张三', phone: '13800000001', phoneVerified: true }, register)).toBe(true);
  });

  it('names a typed (unverified) phone as identity, even when name and phone match', () => {
    expect(bindingMismatches({ name: '张三', phone: '13800000001', phoneVerified: false }, register)).toEqual([
      'identity',
    ]);
    expect(matchesRegister({ name: '张三', phone: '13800000001', phoneVerified: false }, register)).toBe(false);
  });

  it('names the phone when it is not in the register but the name is', () => {
    expect(bindingMismatches({ name: '张三', phone: '13800000009', phoneVerified: true }, register)).toEqual(['phone']);
  });

  it('names the name when the phone belongs to another entry’s name', () => {
    // 李四's phone with 张三's name: each is in the register, but not together.
    expect(bindingMismatches({ name: '张三', phone: '13800000002', phoneVerified: true }, register)).toEqual(['name']);
  });

  it('names everything for a room the register does not have', () => {
    expect(bindingMismatches({ name: '张三', phone: '13800000001', phoneVerified: false }, [])).toEqual([
      'name',
      'phone',
      'identity',
    ]);
  });

  it('ignores spaces around the names', () => {
    expect(
      bindingMismatches({ name: ' 张三 ', phone: '13800000001', phoneVerified: true }, [
        { name: '张三 ', phone: '13800000001' },
      ]),
    ).toEqual([]);
  });
});
