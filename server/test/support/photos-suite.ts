import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Response } from 'supertest';
import { AppError } from '../../src/common/errors/app-error';
import { inTransaction } from '../../src/database/transaction';
import { signedPhotoPath } from '../../src/modules/photos/photo-links';
import type { PhotoView } from '../../src/modules/photos/photo.view';
import { PhotosService } from '../../src/modules/photos/photos.service';
import {
  boundResident,
  categoryByPath,
  expectApiError,
  expectValidation,
  fileComplaint,
  freshOpenid,
  loginAs,
  type Auth,
  type Resident,
} from './api';
import { startPhotoStore, type PhotoStoreUnderTest, type StorageKind } from './photo-store';
import { createTestContext, type TestContext } from './test-app';

/**
 * Photo upload (checked by content, EXIF stripped, all-or-nothing), signed file links, and
 * attaching photos to a request through the exported service; run once per photo storage
 * (photos.e2e-spec.ts on local disk, photos-s3.e2e-spec.ts on a local S3 server).
 */
export function photoSuite(kind: StorageKind): void {
  const MB = 1024 * 1024;

  let ctx: TestContext;
  let store: PhotoStoreUnderTest;
  let resident: Resident;
  let residentId: number;
  let service: PhotosService;

  beforeAll(async () => {
    store = await startPhotoStore(kind);
    ctx = await createTestContext({ env: store.env });
    resident = await boundResident(ctx);
    residentId = resident.tokens.user.id;
    service = ctx.app.get(PhotosService);
  });
  afterAll(async () => {
    await ctx?.close();
    await store?.close();
  });
  afterEach(() => ctx.clock.reset());

  // --- images made here, so every test knows exactly what it sends ---

  const GPS_EXIF = {
    IFD0: { Make: 'LinliTestPhone', Model: 'GPS-9000' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
  };
  /** The GPS IFD pointer tag (0x8825) as a little-endian TIFF writes it. */
  const GPS_POINTER_TAG = Buffer.from([0x25, 0x88]);

  const canvas = (width: number, height: number, noise = false) =>
    sharp({
      create: noise
        ? { width, height, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 40 } }
        : { width, height, channels: 3, background: '#3366cc' },
    });

  /** 300×200 pixels stored sideways (EXIF orientation 6), with a GPS position and a camera name. */
  const jpegWithGps = () => canvas(300, 200).withMetadata({ orientation: 6 }).withExif(GPS_EXIF).jpeg().toBuffer();
  const jpeg = (width = 64, height = 48) => canvas(width, height).jpeg().toBuffer();
  const png = () =>
    sharp({ create: { width: 80, height: 60, channels: 4, background: { r: 0, g: 200, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
  const webp = () => canvas(90, 40).webp().toBuffer();
  const gif = () => canvas(40, 40).gif().toBuffer();

  type Upload = { data: Buffer; name: string; type?: string };

  function upload(auth: Auth | null, files: Upload[], field = 'files') {
    let req = ctx.http().post('/api/photos');
    if (auth) req = req.set(auth);
    for (const file of files)
      req = req.attach(field, file.data, { filename: file.name, contentType: file.type ?? 'image/jpeg' });
    return req;
  }

  /** Fetches a signed link as bytes. */
  const fetchFile = (url: string) =>
    ctx
      .http()
      .get(url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  async function photoRowsOf(userId: number): Promise<number> {
    const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM photo WHERE uploader_user_id = ?', [
      userId,
    ])) as { n: number | string }[];
    return Number(row.n);
  }

  /** Stored photo files and temporary upload files, whichever storage holds the photos. */
  async function storedFiles(): Promise<string[]> {
    const temporary = await readdir(join(store.storageDir, 'tmp')).catch(() => [] as string[]);
    return [...(await store.keys()), ...temporary.map((name) => `tmp/${name}`)];
  }

  /** Rows of the user, stored files and temporary files before and after `work` are the same. */
  async function expectNothingStored(userId: number, work: () => Promise<void>): Promise<void> {
    const rows = await photoRowsOf(userId);
    const files = (await storedFiles()).length;
    await work();
    expect(await photoRowsOf(userId)).toBe(rows);
    expect((await storedFiles()).length).toBe(files);
  }

  async function photoRow(id: number) {
    const [row] = (await ctx.dataSource.query('SELECT * FROM photo WHERE id = ?', [id])) as Record<string, unknown>[];
    return row;
  }

  async function uploadOk(auth: Auth, files: Upload[]): Promise<PhotoView[]> {
    const res = await upload(auth, files);
    expect(res.status).toBe(201);
    return res.body as PhotoView[];
  }

  function expectSignedLinks(view: PhotoView) {
    expect(view.url).toMatch(new RegExp(`^/api/photos/${view.id}/file\\?variant=original&exp=\\d+&sig=[\\w-]+$`));
    expect(view.thumbnailUrl).toMatch(
      new RegExp(`^/api/photos/${view.id}/file\\?variant=thumbnail&exp=\\d+&sig=[\\w-]+$`),
    );
  }

  function expectImage(res: Response, mime: string) {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(mime);
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
  }

  describe('POST /api/photos', () => {
    it('stores one JPEG upright and without its EXIF (GPS), with a thumbnail, and answers signed links', async () => {
      const original = await jpegWithGps();
      const before = await sharp(original).metadata();
      expect(before.exif?.includes(GPS_POINTER_TAG)).toBe(true);
      expect(before.orientation).toBe(6);

      const [view] = await uploadOk(resident.auth, [{ data: original, name: 'IMG_0001.jpg' }]);
      expect(view).toEqual({
        id: expect.any(Number),
        url: expect.any(String),
        thumbnailUrl: expect.any(String),
        width: 200,
        height: 300,
        size: expect.any(Number),
        mime: 'image/jpeg',
      });
      expectSignedLinks(view);

      const file = await fetchFile(view.url);
      expectImage(file, 'image/jpeg');
      const stored = file.body as Buffer;
      expect(stored.length).toBe(view.size);
      const after = await sharp(stored).metadata();
      expect(after).toMatchObject({ format: 'jpeg', width: 200, height: 300 });
      expect(after.exif).toBeUndefined();
      expect(after.orientation).toBeUndefined();
      expect(stored.includes(Buffer.from('Exif\0\0'))).toBe(false);
      expect(stored.includes(Buffer.from('LinliTestPhone'))).toBe(false);

      const thumb = await fetchFile(view.thumbnailUrl);
      expectImage(thumb, 'image/jpeg');
      const thumbMeta = await sharp(thumb.body as Buffer).metadata();
      expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBeLessThanOrEqual(320);
      expect(thumbMeta.exif).toBeUndefined();

      const row = await photoRow(view.id);
      expect(row).toMatchObject({
        uploader_user_id: residentId,
        request_id: null,
        event_id: null,
        mime: 'image/jpeg',
        size: view.size,
        width: 200,
        height: 300,
        sha256: createHash('sha256').update(stored).digest('hex'),
      });
      const now = new Date();
      const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
      expect(row.storage_key).toMatch(new RegExp(`^photos/${month}/[0-9a-f-]{36}\\.jpg$`));
      expect(row.thumbnail_key).toBe(String(row.storage_key).replace(/\.jpg$/, '.thumb.jpg'));
      expect(await store.keys()).toEqual(expect.arrayContaining([String(row.storage_key), String(row.thumbnail_key)]));
    });

    it('takes nine photos at once, keeps each one’s format and caps the long edge at 2560 px', async () => {
      const files: Upload[] = [
        { data: await jpeg(), name: 'a.jpg' },
        { data: await png(), name: 'b.png', type: 'image/png' },
        { data: await webp(), name: 'c.webp', type: 'image/webp' },
        { data: await canvas(4000, 3000).jpeg().toBuffer(), name: 'big.jpg' },
        // The name and the declared type do not matter, the content does.
        { data: await png(), name: 'really-a-png.jpg', type: 'image/jpeg' },
        { data: await jpeg(), name: 'f.jpg' },
        { data: await webp(), name: 'g', type: 'application/octet-stream' },
        { data: await jpeg(), name: 'h.jpeg' },
        { data: await jpeg(), name: 'i.jpg' },
      ];
      const views = await uploadOk(resident.auth, files);
      expect(views.map((view) => view.mime)).toEqual([
        'image/jpeg',
        'image/png',
        'image/webp',
        'image/jpeg',
        'image/png',
        'image/jpeg',
        'image/webp',
        'image/jpeg',
        'image/jpeg',
      ]);
      expect(new Set(views.map((view) => view.id)).size).toBe(9);
      expect(views[3]).toMatchObject({ width: 2560, height: 1920 });

      for (const view of views) {
        expectSignedLinks(view);
        const file = await fetchFile(view.url);
        expectImage(file, view.mime);
        const meta = await sharp(file.body as Buffer).metadata();
        expect({ format: `image/${meta.format}`, width: meta.width, height: meta.height }).toEqual({
          format: view.mime,
          width: view.width,
          height: view.height,
        });
        const thumb = await fetchFile(view.thumbnailUrl);
        expectImage(thumb, 'image/jpeg');
        const thumbMeta = await sharp(thumb.body as Buffer).metadata();
        expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBeLessThanOrEqual(320);
      }
      const bigThumb = await sharp((await fetchFile(views[3].thumbnailUrl)).body as Buffer).metadata();
      expect(bigThumb).toMatchObject({ width: 320, height: 240 });
    });

    it('refuses ten files with 400 and stores nothing', async () => {
      const data = await jpeg();
      await expectNothingStored(residentId, async () => {
        const res = await upload(
          resident.auth,
          Array.from({ length: 10 }, (_, index) => ({ data, name: `p${index}.jpg` })),
        );
        expect(expectValidation(res, ['files']).details[0].message).toBe('最多 9 张照片');
      });
    });

    it('refuses a GIF named .jpg, naming the file', async () => {
      await expectNothingStored(residentId, async () => {
        const res = await upload(resident.auth, [
          { data: await gif(), name: 'cat.jpg' },
          { data: await gif(), name: '楼道照片.jpg' },
        ]);
        const body = expectValidation(res, ['files[0]', 'files[1]']);
        expect(body.details.map((detail) => detail.message)).toEqual([
          '「cat.jpg」格式不支持，仅支持 JPEG、PNG、WebP 图片',
          '「楼道照片.jpg」格式不支持，仅支持 JPEG、PNG、WebP 图片',
        ]);
      });
    });

    it('refuses a text file', async () => {
      await expectNothingStored(residentId, async () => {
        const res = await upload(resident.auth, [
          { data: Buffer.from('这不是图片，只是一段文字\n'), name: 'note.jpg', type: 'image/jpeg' },
        ]);
        expect(expectValidation(res, ['files[0]']).details[0].message).toMatch(/格式不支持/);
      });
    });

    it('refuses a truncated JPEG and one with garbage after its header as corrupt', async () => {
      const whole = await canvas(400, 300, true).jpeg().toBuffer();
      const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]);
      await expectNothingStored(residentId, async () => {
        const res = await upload(resident.auth, [
          { data: whole.subarray(0, Math.floor(whole.length / 2)), name: 'half.jpg' },
          { data: garbage, name: 'garbage.jpg' },
        ]);
        const body = expectValidation(res, ['files[0]', 'files[1]']);
        expect(body.details.map((detail) => detail.message)).toEqual([
          '「half.jpg」文件已损坏，无法识别为图片',
          '「garbage.jpg」文件已损坏，无法识别为图片',
        ]);
      });
    });

    it('refuses a file of 10 MB + 1 byte as too large (and reads one of exactly 10 MB)', async () => {
      const padded = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(size - 3, 0x20)]);
      await expectNothingStored(residentId, async () => {
        const res = await upload(resident.auth, [
          { data: padded(10 * MB + 1), name: 'huge.jpg' },
          { data: padded(10 * MB), name: 'limit.jpg' },
          { data: padded(15 * MB), name: 'bigger.jpg' },
        ]);
        const body = expectValidation(res, ['files[0]', 'files[1]', 'files[2]']);
        expect(body.details.map((detail) => detail.message)).toEqual([
          '「huge.jpg」超过 10 MB',
          // Exactly 10 MB is allowed in size; this one is refused for its content only.
          '「limit.jpg」文件已损坏，无法识别为图片',
          '「bigger.jpg」超过 10 MB',
        ]);
      });
    });

    it('stores nothing when one photo of a batch is bad, and names only that one', async () => {
      const good = await jpeg();
      await expectNothingStored(residentId, async () => {
        const res = await upload(resident.auth, [
          { data: good, name: '1.jpg' },
          { data: await png(), name: '2.png' },
          { data: await gif(), name: '3.jpg' },
          { data: good, name: '4.jpg' },
        ]);
        expect(res.body.message).toBe('有照片无法上传，未保存任何照片');
        expect(expectValidation(res, ['files[2]']).details[0].message).toMatch(/^「3\.jpg」格式不支持/);
      });
    });

    it('removes the files it wrote when the rows cannot be saved', async () => {
      // The database refuses this one user's photo rows (a deleted user no longer gets past the
      // auth guard, which reads the account on every request).
      const { auth, tokens } = await loginAs(ctx, freshOpenid('photo-gone'));
      const trigger = `refuse_photos_of_${tokens.user.id}`;
      await ctx.dataSource.query(
        `CREATE TRIGGER ${trigger} BEFORE INSERT ON photo FOR EACH ROW ` +
          `IF NEW.uploader_user_id = ${tokens.user.id} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'; END IF`,
      );
      try {
        await expectNothingStored(tokens.user.id, async () => {
          const res = await upload(auth, [
            { data: await jpeg(), name: 'a.jpg' },
            { data: await webp(), name: 'b.webp' },
          ]);
          expectApiError(res, 500, 'INTERNAL');
        });
      } finally {
        await ctx.dataSource.query(`DROP TRIGGER ${trigger}`);
      }
    });

    it('answers 400 naming the field when no file or a file under another field is sent', async () => {
      const empty = await ctx.http().post('/api/photos').set(resident.auth).field('note', 'hello');
      expect(expectValidation(empty, ['files']).details[0].message).toBe('请至少选择 1 张照片');
      const wrong = await upload(resident.auth, [{ data: await jpeg(), name: 'a.jpg' }], 'photo');
      expect(expectValidation(wrong, ['files[0]']).details[0].message).toMatch(/请使用字段 files/);
    });

    it('answers a body that is not multipart in the error shape', async () => {
      expectApiError(
        await ctx
          .http()
          .post('/api/photos')
          .set(resident.auth)
          .send({ files: ['a.jpg'] }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectApiError(
        await ctx
          .http()
          .post('/api/photos')
          .set(resident.auth)
          .set('content-type', 'image/jpeg')
          .send(await jpeg()),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectApiError(
        await ctx
          .http()
          .post('/api/photos')
          .set(resident.auth)
          .set('content-type', 'multipart/form-data; boundary=xyz')
          .send('--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\nabc'),
        400,
        'BAD_REQUEST',
      );
    });

    it('answers 401 without a token', async () => {
      expectApiError(await upload(null, [{ data: await jpeg(), name: 'a.jpg' }]), 401, 'UNAUTHENTICATED');
    });

    it('is documented as a multipart upload', async () => {
      const document = (await ctx.http().get('/api/docs-json')).body;
      const post = document.paths['/api/photos'].post;
      expect(post.requestBody.content['multipart/form-data'].schema.properties.files).toMatchObject({
        type: 'array',
        maxItems: 9,
      });
      expect(post.security).toEqual([{ bearer: [] }]);
      expect(document.paths['/api/photos/{id}/file'].get.security).toBeUndefined();
    });
  });

  describe('GET /api/photos/:id/file', () => {
    let view: PhotoView;
    beforeAll(async () => {
      [view] = await uploadOk(resident.auth, [{ data: await jpeg(), name: 'door.jpg' }]);
    });

    const withParam = (url: string, name: string, value: string) => {
      const parsed = new URL(url, 'http://x');
      parsed.searchParams.set(name, value);
      return `${parsed.pathname}${parsed.search}`;
    };

    it('opens without a token, while the link is valid', async () => {
      expectImage(await fetchFile(view.url), 'image/jpeg');
      ctx.clock.advance(59 * 60 * 1000);
      expectImage(await fetchFile(view.url), 'image/jpeg');
    });

    it('refuses an unsigned, tampered or reused link with 403', async () => {
      const sig = new URL(view.url, 'http://x').searchParams.get('sig')!;
      const thumbnailSig = new URL(view.thumbnailUrl, 'http://x').searchParams.get('sig')!;
      const exp = new URL(view.url, 'http://x').searchParams.get('exp')!;
      const refused = [
        `/api/photos/${view.id}/file`,
        `/api/photos/${view.id}/file?variant=original&exp=${exp}`,
        withParam(view.url, 'sig', `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`),
        withParam(view.url, 'sig', thumbnailSig),
        withParam(view.url, 'exp', String(Number(exp) + 3600)),
        withParam(view.url, 'variant', 'thumbnail'),
        withParam(view.url, 'variant', 'large'),
        view.url.replace(`/photos/${view.id}/`, `/photos/${view.id + 1}/`),
      ];
      for (const url of refused) {
        expectApiError(await ctx.http().get(url), 403, 'FORBIDDEN', '图片链接无效或已过期，请刷新后重试');
      }
    });

    it('refuses an expired link with 403', async () => {
      ctx.clock.advance(71 * 60 * 1000);
      expectApiError(await ctx.http().get(view.url), 403, 'FORBIDDEN');
      expectApiError(await ctx.http().get(view.thumbnailUrl), 403, 'FORBIDDEN');
    });

    it('answers 404 for a photo that does not exist, even with a valid signature', async () => {
      const exp = Math.floor(Date.now() / 1000) + 600;
      const url = signedPhotoPath(ctx.config.tokenSecret, 999_999_999, 'original', exp);
      expectApiError(await ctx.http().get(url), 404, 'NOT_FOUND');
      expectApiError(await ctx.http().get('/api/photos/abc/file'), 404, 'NOT_FOUND');
    });
  });

  describe('PhotosService.attach and viewsFor', () => {
    let requestId: number;
    let createEventId: number;
    let other: Auth;

    beforeAll(async () => {
      const cleaning = await categoryByPath(ctx, resident.auth, 'complaint', '环境管理', '保洁卫生');
      const detail = await fileComplaint(ctx, resident, cleaning.id);
      requestId = detail.id;
      createEventId = detail.events[0].id;
      other = (await loginAs(ctx, freshOpenid('photo-other'))).auth;
    });

    const attach = (userId: number, ids: number[], target = { requestId, eventId: null as number | null }) =>
      inTransaction(ctx.dataSource, (manager) => service.attach(manager, userId, ids, target));

    async function expectRefused(work: Promise<unknown>, message: string | RegExp) {
      const error = await work.then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect((error as AppError).details).toEqual([{ field: 'photoIds', message: expect.stringMatching(message) }]);
    }

    const rowsOf = async (ids: number[]) =>
      (await ctx.dataSource.query(
        'SELECT id, request_id AS requestId, event_id AS eventId FROM photo WHERE id IN (?) ORDER BY id',
        [ids],
      )) as { id: number; requestId: number | null; eventId: number | null }[];

    it('attaches the uploader’s photos to the request and shows them per timeline step', async () => {
      const views = await uploadOk(resident.auth, [
        { data: await jpeg(), name: 'a.jpg' },
        { data: await png(), name: 'b.png' },
      ]);
      const ids = views.map((view) => view.id);
      await attach(residentId, ids);
      expect(await rowsOf(ids)).toEqual(ids.map((id) => ({ id, requestId, eventId: null })));

      const [step] = await uploadOk(resident.auth, [{ data: await webp(), name: 'c.webp' }]);
      await attach(residentId, [step.id], { requestId, eventId: createEventId });

      const byEvent = await service.viewsFor(requestId);
      expect([...byEvent.keys()].sort()).toEqual([createEventId, null].sort());
      expect(byEvent.get(null)!.map((view) => view.id)).toEqual(ids);
      expect(byEvent.get(createEventId)!.map((view) => view.id)).toEqual([step.id]);
      for (const shown of byEvent.get(null)!) {
        expectSignedLinks(shown);
        expectImage(await fetchFile(shown.thumbnailUrl), 'image/jpeg');
      }
      expect((await service.viewsFor(999_999_999)).size).toBe(0);
    });

    it('refuses another user’s photo and leaves it unattached', async () => {
      const [theirs] = await uploadOk(other, [{ data: await jpeg(), name: 'x.jpg' }]);
      const [mine] = await uploadOk(resident.auth, [{ data: await jpeg(), name: 'y.jpg' }]);
      await expectRefused(attach(residentId, [mine.id, theirs.id]), '照片不存在或不是您上传的，请重新上传');
      expect(await rowsOf([theirs.id, mine.id])).toEqual([
        { id: theirs.id, requestId: null, eventId: null },
        { id: mine.id, requestId: null, eventId: null },
      ]);
    });

    it('refuses a photo that is already attached, unknown ids, duplicates and more than nine', async () => {
      const [photo] = await uploadOk(resident.auth, [{ data: await jpeg(), name: 'z.jpg' }]);
      await attach(residentId, [photo.id], { requestId, eventId: createEventId });
      await expectRefused(attach(residentId, [photo.id]), '照片已被使用，请重新上传');
      await expectRefused(attach(residentId, [999_999_999]), /不存在/);
      const [fresh] = await uploadOk(resident.auth, [{ data: await jpeg(), name: 'w.jpg' }]);
      await expectRefused(attach(residentId, [fresh.id, fresh.id]), '同一张照片不能重复添加');
      await expectRefused(
        attach(
          residentId,
          Array.from({ length: 10 }, (_, index) => fresh.id + index),
        ),
        '最多 9 张照片',
      );
      expect(await rowsOf([fresh.id])).toEqual([{ id: fresh.id, requestId: null, eventId: null }]);
      await attach(residentId, []);
    });

    it('keeps a request step to nine photos in all', async () => {
      const data = await jpeg();
      const nine = await uploadOk(
        resident.auth,
        Array.from({ length: 9 }, (_, index) => ({ data, name: `${index}.jpg` })),
      );
      const [tenth] = await uploadOk(resident.auth, [{ data, name: '10.jpg' }]);
      const stepDetail = await fileComplaint(
        ctx,
        resident,
        (await categoryByPath(ctx, resident.auth, 'complaint', '环境管理', '保洁卫生')).id,
      );
      const target = { requestId: stepDetail.id, eventId: null };
      await attach(
        residentId,
        nine.map((view) => view.id),
        target,
      );
      await expectRefused(attach(residentId, [tenth.id], target), '每条记录最多 9 张照片');
      // Another step of the same request has room of its own.
      await attach(residentId, [tenth.id], { requestId: stepDetail.id, eventId: stepDetail.events[0].id });
    });
  });
}
