import Taro from '@tarojs/taro';
import { fieldId, firstErrorField, firstErrors, scrollToFirstError } from './form';

const mock = Taro as unknown as { pageScrollTo: jest.Mock; __reset: () => void };
const ORDER = ['houseBindingId', 'categoryId', 'content', 'photoIds', 'contactName', 'contactPhone'];

describe('firstErrors', () => {
  it('keeps the first message of each field', () => {
    expect(
      firstErrors([
        { field: 'content', message: '请填写投诉内容' },
        { field: 'content', message: '投诉内容至少 5 个字' },
        { field: 'categoryId', message: '请选择投诉分类' },
      ]),
    ).toEqual({ content: '请填写投诉内容', categoryId: '请选择投诉分类' });
  });
});

describe('firstErrorField', () => {
  it('answers in form order, not in the order the messages came', () => {
    expect(firstErrorField({ contactPhone: '请填写联系电话', content: '请填写投诉内容' }, ORDER)).toBe('content');
    expect(firstErrorField({ contactName: 'x', categoryId: 'y', contactPhone: 'z' }, ORDER)).toBe('categoryId');
  });

  it('skips fields whose message was cleared by an edit', () => {
    expect(firstErrorField({ houseBindingId: '', contactName: '请填写联系人' }, ORDER)).toBe('contactName');
  });

  it('reads a server path as its field', () => {
    expect(firstErrorField({ 'photoIds.2': '照片无效', contactPhone: '格式不正确' }, ORDER)).toBe('photoIds');
  });

  it('is null when no field on the form is in error', () => {
    expect(firstErrorField({}, ORDER)).toBeNull();
    expect(firstErrorField({ kind: '诉求类型无效' }, ORDER)).toBeNull();
    expect(firstErrorField({ content: '' }, ORDER)).toBeNull();
  });
});

describe('scrollToFirstError', () => {
  beforeEach(() => mock.__reset());

  it("scrolls the page to the first field's wrapper", () => {
    scrollToFirstError({ contactPhone: 'a', categoryId: 'b' }, ORDER, (field) => fieldId('repair', field));
    expect(mock.pageScrollTo).toHaveBeenCalledTimes(1);
    expect(mock.pageScrollTo.mock.calls[0][0]).toMatchObject({ selector: '#field-repair-categoryId' });
  });

  it('lets fields share a wrapper', () => {
    const anchor = (field: string) => fieldId('intake', field === 'roomId' ? 'projectId' : field);
    scrollToFirstError({ roomId: '房间无效' }, ['projectId', 'roomId', 'content'], anchor);
    expect(mock.pageScrollTo.mock.calls[0][0]).toMatchObject({ selector: '#field-intake-projectId' });
  });

  it('leaves the page where it is when nothing on the form is wrong', () => {
    scrollToFirstError({ kind: '诉求类型无效' }, ORDER, (field) => fieldId('repair', field));
    expect(mock.pageScrollTo).not.toHaveBeenCalled();
  });
});
