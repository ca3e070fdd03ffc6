import { countLabel, LIST_TOTAL_CAP, listQuerySchema } from './pagination';

describe('list pages', () => {
  it('reads a cursor as it came and keeps page numbers for the others', () => {
    expect(listQuerySchema.parse({ cursor: 'WzE3NjQ5MDAwMDAwMDAsNDJd', pageSize: '20' })).toEqual({
      cursor: 'WzE3NjQ5MDAwMDAwMDAsNDJd',
      page: 1,
      pageSize: 20,
    });
    expect(listQuerySchema.parse({ page: '3' })).toEqual({ page: 3, pageSize: 10 });
  });

  it('refuses a cursor that is not base64url, in Chinese', () => {
    const result = listQuerySchema.safeParse({ cursor: 'a+b/c=' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['cursor'], message: '翻页位置无效，请从第一页重新加载' });
  });

  it('shows a capped total as 1000+', () => {
    expect(countLabel(37, false)).toBe('37');
    expect(countLabel(LIST_TOTAL_CAP, true)).toBe('1000+');
  });
});
