import { boundResident, categoryByPath, complaintForm, expectValidation, requestCountOf } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/** Text a person never types but an attacker does: refused by the shared schemas, nothing stored. */
describe('hostile characters in text fields', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it.each([
    ['NUL', '楼道垃圾没人清理\u0000已经三天'],
    ['a right-to-left override', '楼道垃圾没人清理 \u202Egnp.exe'],
    ['an isolate', '楼道垃圾没人清理\u2066已经三天'],
    ['a lone surrogate', '楼道垃圾没人清理\uD800已经三天'],
  ])('a complaint whose content holds %s is refused field by field and not filed', async (_what, content) => {
    const resident = await boundResident(ctx);
    const category = await categoryByPath(ctx, resident.auth, 'complaint', '环境管理', '保洁卫生');
    const me = (await ctx.http().get('/api/auth/me').set(resident.auth)).body as { user: { id: number } };
    const res = await ctx
      .http()
      .post('/api/requests')
      .set(resident.auth)
      .send(complaintForm(resident.binding.id, category.id, { content, contactName: '张\u202E三' }));
    const body = expectValidation(res, ['content', 'contactName']);
    expect(body.details.every((detail) => detail.message.includes('特殊字符'))).toBe(true);
    expect(await requestCountOf(ctx, me.user.id)).toBe(0);
  });
});
