import { AppError } from '../../../common/errors/app-error';
import { decodeCursor, encodeCursor, pageStart } from './keyset';

describe('list cursors', () => {
  it('carry the last row’s sort key and id, to the millisecond', () => {
    const at = new Date('2026-12-01T08:30:15.123Z');
    const cursor = encodeCursor({ at, id: 42 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ at, id: 42 });
  });

  it.each([
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an object', Buffer.from('{"at":1,"id":2}').toString('base64url')],
    ['a text id', Buffer.from('[1764,"7"]').toString('base64url')],
    ['a zero id', Buffer.from('[1764,0]').toString('base64url')],
    ['a negative time', Buffer.from('[-1,3]').toString('base64url')],
    ['a fraction', Buffer.from('[1.5,3]').toString('base64url')],
  ])('refuse %s as a 400 on cursor', (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as AppError).details).toEqual([{ field: 'cursor', message: expect.stringContaining('翻页') }]);
    }
  });
});

describe('where a page starts', () => {
  it('after the cursor, ignoring the page number', () => {
    const cursor = encodeCursor({ at: new Date(1_000), id: 7 });
    expect(pageStart({ page: 5, pageSize: 10, cursor })).toEqual({
      after: { at: new Date(1_000), id: 7 },
      offset: 0,
      pageSize: 10,
      page: null,
    });
  });

  it('by page number down to 1,000 rows, and no deeper', () => {
    expect(pageStart({ page: 101, pageSize: 10 })).toMatchObject({ offset: 1_000, page: 101 });
    expect(() => pageStart({ page: 102, pageSize: 10 })).toThrow(AppError);
  });
});
