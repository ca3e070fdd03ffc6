import { maskName, maskPhone, maskPhonesInText } from './masking';

describe('masking resident contact details', () => {
  it('masks the middle of a contact phone', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('010-12345678')).toBe('010*****5678');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone(undefined)).toBe('');
  });

  it('masks mobile numbers written into free text', () => {
    expect(maskPhonesInText('请打13800138000联系我')).toBe('请打138****8000联系我');
    expect(maskPhonesInText('13800138000')).toBe('138****8000');
    expect(maskPhonesInText('电话：139 1234 5678，或 186-0000-1111')).toBe('电话：139****5678，或 186****1111');
    expect(maskPhonesInText('+8613800138000 或 8613900139000')).toBe('+86138****8000 或 86139****9000');
    expect(maskPhonesInText('13800138000,13900139000')).toBe('138****8000,139****9000');
  });

  it('masks landlines with an area code', () => {
    expect(maskPhonesInText('座机 0571-88886666 转 8')).toBe('座机 0571-****6666 转 8');
    // Without a separator the area code's length is unknown: four digits are hidden either way.
    expect(maskPhonesInText('拨01012345678')).toMatch(/^拨0\d{2,3}\*{4}5678$/);
  });

  it('leaves other numbers alone', () => {
    const text = '编号BX202612010001，3栋2单元1201，费用120元，12345678901，2026-12-01';
    expect(maskPhonesInText(text)).toBe(text);
    // Longer digit runs are not phones (order numbers, card numbers).
    expect(maskPhonesInText('138001380001')).toBe('138001380001');
    expect(maskPhonesInText('订单2013800138000')).toBe('订单2013800138000');
    expect(maskPhonesInText(null)).toBeNull();
    expect(maskPhonesInText('')).toBe('');
  });

  it('keeps the surname of a contact name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskName('E\u0301mile')).toBe('E\u0301****');
    expect(maskName('👨‍👩‍👧‍👦一家')).toBe('👨‍👩‍👧‍👦**');
    expect(maskName('')).toBe('');
  });
});
