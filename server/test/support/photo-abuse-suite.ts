import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SchedulerRegistry } from '@nestjs/schedule';
import sharp from 'sharp';
import { RATE_LIMIT_METADATA } from '../../src/common/rate-limit/rate-limit.decorator';
import { inTransaction } from '../../src/database/transaction';
import { PhotoCleanup } from '../../src/modules/photos/photo-cleanup';
import type { PhotoView } from '../../src/modules/photos/photo.view';
import { PhotosController } from '../../src/modules/photos/photos.controller';
import { PhotosService } from '../../src/modules/photos/photos.service';
import { boundResident, categoryByPath, fileComplaint, type Resident } from './api';
import { startPhotoStore, type PhotoStoreUnderTest, type StorageKind } from './photo-store';
import { createTestContext, type TestContext } from './test-app';

/**
 * Issue 10, photos under attack: uploads streamed to disk (bounded memory), image work bounded in
 * concurrency, a daily quota per user, abandoned photos removed once across instances, and
 * malformed multipart answered 400 instead of 500. Run once per photo storage (photo-abuse.e2e-spec.ts
 * on local disk, photo-abuse-s3.e2e-spec.ts on a local S3 server).
 */
export function photoAbuseSuite(kind: StorageKind): void {
  const MB = 1024 * 1024;

  let ctx: TestContext;
  let store: PhotoStoreUnderTest;
  let origin: string;

  beforeAll(async () => {
    store = await startPhotoStore(kind);
    ctx = await createTestContext({
      env: { ...store.env, PHOTO_CLEANUP: 'on', PHOTO_CLEANUP_MS: String(60 * 60 * 1000) },
    });
    // Listening ourselves, so raw requests (a stream, a cut body, a forged header) reach the same server.
    const server = ctx.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await ctx?.close();
    await store?.close();
  });
  afterEach(() => ctx.clock.reset());

  const smallJpeg = () =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();

  /**
   * A valid JPEG of `size` bytes: a tiny picture behind APP15 segments of filler, which decoders
   * skip. Near the 10 MB limit in bytes while costing next to nothing to decode, so the memory
   * measured is that of carrying the upload, not of decoding pixels.
   */
  async function paddedJpeg(size: number): Promise<Buffer> {
    const small = await smallJpeg();
    const segments: Buffer[] = [];
    let length = small.length;
    while (length + 4 < size) {
      const payload = Math.min(65535, size - length - 2);
      const segment = Buffer.alloc(2 + payload, 0x5a);
      segment[0] = 0xff;
      segment[1] = 0xef;
      segment.writeUInt16BE(payload, 2);
      segments.push(segment);
      length += segment.length;
    }
    return Buffer.concat([small.subarray(0, 2), ...segments, small.subarray(2)]);
  }

  interface RawPart {
    name?: string;
    filename?: string;
    data: Buffer;
  }

  interface RawAnswer {
    status: number;
    headers: IncomingHttpHeaders;
    body: { code: string; message: string; details: { field: string; message: string }[] } & unknown;
  }

  /** The multipart body as a stream of the parts' own buffers: the sender never copies a file. */
  function* multipartChunks(boundary: string, parts: RawPart[]): Generator<Buffer> {
    for (const part of parts) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name ?? 'files'}"; filename="${part.filename ?? 'p.jpg'}"\r\n` +
          'Content-Type: image/jpeg\r\n\r\n',
      );
      yield part.data;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }

  const multipartLength = (boundary: string, parts: RawPart[]) =>
    [
      ...multipartChunks(
        boundary,
        parts.map((part) => ({ ...part, data: Buffer.alloc(0) })),
      ),
    ].reduce((sum, chunk) => sum + chunk.length, 0) + parts.reduce((sum, part) => sum + part.data.length, 0);

  /**
   * POST /api/photos over a plain socket. `body` defaults to a well-formed multipart of `parts`;
   * `contentLength: null` sends it chunked; `abortAfter` cuts the connection after so many bytes.
   */
  function rawUpload(options: {
    auth?: Record<string, string>;
    contentType?: string;
    boundary?: string;
    parts?: RawPart[];
    body?: Iterable<Buffer>;
    contentLength?: number | null;
    abortAfter?: number;
  }): Promise<RawAnswer> {
    const boundary = options.boundary ?? `----linli${randomBytes(8).toString('hex')}`;
    const parts = options.parts ?? [];
    const body = options.body ?? multipartChunks(boundary, parts);
    const headers: Record<string, string> = {
      ...options.auth,
      'content-type': options.contentType ?? `multipart/form-data; boundary=${boundary}`,
    };
    const length = options.contentLength === undefined ? multipartLength(boundary, parts) : options.contentLength;
    if (length !== null) headers['content-length'] = String(length);
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${origin}/api/photos`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      });
      // A server that answers before reading everything may close while we still write.
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (options.abortAfter === undefined && error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      req.on('close', () => {
        if (options.abortAfter !== undefined) resolve({ status: 0, headers: {}, body: null as never });
      });
      let sent = 0;
      const source = Readable.from(
        (function* () {
          for (const chunk of body) {
            if (options.abortAfter !== undefined && sent + chunk.length > options.abortAfter) {
              yield chunk.subarray(0, options.abortAfter - sent);
              setTimeout(() => req.destroy(), 50);
              return;
            }
            sent += chunk.length;
            yield chunk;
          }
        })(),
        { objectMode: false },
      );
      source.pipe(req, { end: options.abortAfter === undefined });
    });
  }

  const tmpFolder = () => join(ctx.config.storageDir, 'tmp');
  const tmpFiles = async () => readdir(tmpFolder()).catch(() => [] as string[]);

  async function rowsOf(userId: number): Promise<number> {
    const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM photo WHERE uploader_user_id = ?', [
      userId,
    ])) as { n: string | number }[];
    return Number(row.n);
  }

  async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never happened: ${what}`);
  }

  describe('uploads are streamed to disk and image work is bounded', () => {
    it('carries five concurrent maximum uploads (5 × 9 × 10 MB) without holding them in memory, two photos decoded at a time', async () => {
      const residents = await Promise.all(Array.from({ length: 5 }, () => boundResident(ctx)));
      const photo = await paddedJpeg(10 * MB - 64);
      const parts = Array.from({ length: 9 }, (_, index) => ({ data: photo, filename: `max-${index}.jpg` }));
      const total = 5 * multipartLength('x'.repeat(24), parts);

      // Image work as sharp sees it, whatever code calls it: pipelines writing out at this moment.
      const proto = (sharp as unknown as { prototype: Record<string, (...args: unknown[]) => Promise<unknown>> })
        .prototype;
      const originals = { toFile: proto.toFile, toBuffer: proto.toBuffer };
      let inFlight = 0;
      let peakInFlight = 0;
      for (const name of ['toFile', 'toBuffer'] as const) {
        proto[name] = async function (this: unknown, ...args: unknown[]) {
          inFlight++;
          peakInFlight = Math.max(peakInFlight, inFlight);
          try {
            return await originals[name].apply(this, args);
          } finally {
            inFlight--;
          }
        };
      }

      const base = process.memoryUsage();
      let peak = { rss: base.rss, arrayBuffers: base.arrayBuffers };
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak = { rss: Math.max(peak.rss, now.rss), arrayBuffers: Math.max(peak.arrayBuffers, now.arrayBuffers) };
      }, 5);
      let answers: RawAnswer[];
      try {
        answers = await Promise.all(
          residents.map((resident) => rawUpload({ auth: resident.auth, parts, boundary: 'x'.repeat(24) })),
        );
      } finally {
        clearInterval(sampler);
        Object.assign(proto, originals);
      }

      for (const answer of answers) {
        expect(answer.status).toBe(201);
        expect((answer.body as unknown as PhotoView[]).map((view) => view.width)).toEqual(Array(9).fill(64));
      }
      const grown = { rss: peak.rss - base.rss, arrayBuffers: peak.arrayBuffers - base.arrayBuffers };
      // Buffered, all 450 MB sit in ArrayBuffers at once (the old code peaked above the total);
      // streamed, only chunks in transit do. Generous margins: GC timing varies, the bound does not.
      expect(grown.arrayBuffers).toBeLessThan(total * 0.2);
      expect(grown.rss).toBeLessThan(total * 0.5);
      expect(peakInFlight).toBeGreaterThan(0);
      expect(peakInFlight).toBeLessThanOrEqual(ctx.config.photos.imageConcurrency);
      expect(ctx.config.photos.imageConcurrency).toBe(2);
      expect(await tmpFiles()).toEqual([]);
    }, 120_000);

    it('runs libvips with one thread per image and no operation cache', () => {
      expect(sharp.concurrency()).toBe(1);
      const cache = sharp.cache();
      expect([cache.memory.max, cache.files.max, cache.items.max]).toEqual([0, 0, 0]);
    });

    it('removes the temporary file of a file over 10 MB, and of an upload the client abandons', async () => {
      const resident = await boundResident(ctx);
      const huge = await rawUpload({
        auth: resident.auth,
        parts: [{ data: await paddedJpeg(12 * MB), filename: 'huge.jpg' }],
      });
      expect(huge.status).toBe(400);
      expect(huge.body.details).toEqual([{ field: 'files[0]', message: '「huge.jpg」超过 10 MB' }]);
      expect(await tmpFiles()).toEqual([]);

      await rawUpload({
        auth: resident.auth,
        parts: [
          { data: await smallJpeg(), filename: 'a.jpg' },
          { data: await paddedJpeg(8 * MB), filename: 'b.jpg' },
        ],
        abortAfter: 4 * MB,
      });
      await eventually(async () => (await tmpFiles()).length === 0, 'temporary files removed after the abort');
      expect(await rowsOf(resident.tokens.user.id)).toBe(0);
    });

    it('answers 413 for a body over 9 × 10 MB, declared or streamed, and keeps no temporary file', async () => {
      const resident = await boundResident(ctx);
      const declared = await rawUpload({ auth: resident.auth, body: [], contentLength: 92 * MB });
      expectPayloadTooLarge(declared);

      // Chunked, without a length: one endless part, counted while it streams.
      const filler = Buffer.alloc(MB, 0x20);
      const endless = function* () {
        yield Buffer.from('--b\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\n');
        for (let i = 0; i < 100; i++) yield filler;
      };
      const streamed = await rawUpload({
        auth: resident.auth,
        boundary: 'b',
        body: endless(),
        contentLength: null,
      });
      expectPayloadTooLarge(streamed);
      await eventually(async () => (await tmpFiles()).length === 0, 'temporary files removed after the 413');
      expect(await rowsOf(resident.tokens.user.id)).toBe(0);
    });

    function expectPayloadTooLarge(answer: RawAnswer) {
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: '上传内容过大：一次最多 9 张照片，每张不超过 10 MB',
        details: [],
      });
      expect(answer.headers.connection).toBe('close');
    }
  });

  describe('malformed multipart', () => {
    let resident: Resident;
    beforeAll(async () => {
      resident = await boundResident(ctx);
    });

    const expectBadRequest = (answer: RawAnswer) => {
      expect(answer.status).toBe(400);
      expect(answer.body.code).toMatch(/^(BAD_REQUEST|VALIDATION_FAILED)$/);
      expect(answer.body.message).toMatch(/[\u4e00-\u9fff]/);
    };

    it('answers a boundary over 252 characters with 400, not 500', async () => {
      const jpeg = await smallJpeg();
      for (const length of [253, 300, 2000]) {
        const answer = await rawUpload({ auth: resident.auth, boundary: 'b'.repeat(length), parts: [{ data: jpeg }] });
        expectBadRequest(answer);
        expect(answer.body.message).toBe('上传的内容不完整或格式不正确，请重新上传');
      }
      // Up to the parser's limit a long boundary is still a boundary.
      const longest = await rawUpload({ auth: resident.auth, boundary: 'b'.repeat(252), parts: [{ data: jpeg }] });
      expect(longest.status).toBe(201);
    });

    it('answers a missing or empty boundary, garbage and a cut body with 400', async () => {
      const jpeg = await smallJpeg();
      const rows = await rowsOf(resident.tokens.user.id);
      const answers = [
        await rawUpload({ auth: resident.auth, contentType: 'multipart/form-data', parts: [{ data: jpeg }] }),
        await rawUpload({
          auth: resident.auth,
          contentType: 'multipart/form-data; boundary=',
          parts: [{ data: jpeg }],
        }),
        await rawUpload({
          auth: resident.auth,
          contentType: 'multipart/form-data; boundary="unterminated',
          parts: [{ data: jpeg }],
        }),
        await rawUpload({ auth: resident.auth, boundary: 'zz', body: [randomBytes(4096)], contentLength: 4096 }),
        await rawUpload({
          auth: resident.auth,
          boundary: 'zz',
          body: [Buffer.from('--zz\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\n'), jpeg],
          contentLength: null,
        }),
        await rawUpload({
          auth: resident.auth,
          boundary: 'zz',
          body: [Buffer.from('--zz\r\nnot a header at all\r\n\r\n'), jpeg, Buffer.from('\r\n--zz--\r\n')],
          contentLength: null,
        }),
      ];
      for (const answer of answers) expectBadRequest(answer);
      expect(await rowsOf(resident.tokens.user.id)).toBe(rows);
      expect(await tmpFiles()).toEqual([]);
    });

    it('refuses a file that is not an image, whatever it is called', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      const answer = await rawUpload({ auth: resident.auth, parts: [{ data: pdf, filename: '照片.jpg' }] });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([
        { field: 'files[0]', message: '「照片.jpg」格式不支持，仅支持 JPEG、PNG、WebP 图片' },
      ]);
      expect(await tmpFiles()).toEqual([]);
    });
  });

  describe('daily photo quota per user', () => {
    /** 23:30 in Shanghai: half an hour to the next day. */
    const LATE_EVENING = new Date('2026-03-10T15:30:00Z');

    /** Rows as if uploaded earlier the same Shanghai day (the quota counts what is in the table). */
    async function seedPhotos(userId: number, count: number, sizeEach: number, at = '2026-03-10T01:00:00Z') {
      for (let i = 0; i < count; i++) {
        await ctx.dataSource.query(
          `INSERT INTO photo (uploader_user_id, storage_key, thumbnail_key, mime, size, width, height, sha256, created_at)
         VALUES (?, ?, ?, 'image/jpeg', ?, 64, 48, ?, ?)`,
          [userId, `photos/seed/${i}.jpg`, `photos/seed/${i}.thumb.jpg`, sizeEach, '0'.repeat(64), new Date(at)],
        );
      }
    }

    const upload = async (resident: Resident, count: number) => {
      const jpeg = await smallJpeg();
      return rawUpload({
        auth: resident.auth,
        parts: Array.from({ length: count }, (_, index) => ({ data: jpeg, filename: `${index}.jpg` })),
      });
    };

    it('refuses the 101st photo of a Shanghai day with 429 and Retry-After until midnight, storing nothing', async () => {
      expect(ctx.config.photos.dailyCount).toBe(100);
      const resident = await boundResident(ctx);
      const userId = resident.tokens.user.id;
      // Yesterday's photos (Shanghai) do not count: 15:59Z on the 9th is 23:59 there.
      await seedPhotos(userId, 50, 1000, '2026-03-09T15:59:00Z');
      await seedPhotos(userId, 97, 1000);
      ctx.clock.set(LATE_EVENING);

      const over = await upload(resident, 4);
      expect(over.status).toBe(429);
      expect(over.body).toEqual({
        code: 'TOO_MANY_REQUESTS',
        message: '今天还能上传 3 张照片（每日上限 100 张），请减少后重试',
        details: [],
      });
      expect(over.headers['retry-after']).toBe(String(30 * 60));
      expect(await rowsOf(userId)).toBe(147);

      expect((await upload(resident, 3)).status).toBe(201);
      const full = await upload(resident, 1);
      expect(full.status).toBe(429);
      expect(full.body.message).toBe('今天已上传 100 张照片，达到每日上限，请明天再试');
      expect(await rowsOf(userId)).toBe(150);
      expect(await tmpFiles()).toEqual([]);

      // 00:00 in Shanghai: a new day, a new quota.
      ctx.clock.advance(30 * 60 * 1000);
      expect((await upload(resident, 1)).status).toBe(201);
    });

    it('refuses an upload that would pass 200 MB stored in a day, with nothing stored', async () => {
      expect(ctx.config.photos.dailyBytes).toBe(200 * MB);
      const resident = await boundResident(ctx);
      const userId = resident.tokens.user.id;
      const stored = await store.keys();
      await seedPhotos(userId, 1, 200 * MB - 100);
      ctx.clock.set(LATE_EVENING);

      const over = await upload(resident, 1);
      expect(over.status).toBe(429);
      expect(over.body.message).toBe('今天上传的照片已达每日总大小上限（200 MB），请明天再试');
      expect(Number(over.headers['retry-after'])).toBe(1800);
      expect(await rowsOf(userId)).toBe(1);
      expect(await store.keys()).toEqual(stored);
    });

    it('holds for two uploads of one user at the same moment', async () => {
      const resident = await boundResident(ctx);
      const userId = resident.tokens.user.id;
      await seedPhotos(userId, 95, 1000);
      ctx.clock.set(LATE_EVENING);
      const answers = await Promise.all([upload(resident, 3), upload(resident, 3), upload(resident, 3)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 429, 429]);
      expect(await rowsOf(userId)).toBe(98);
    });

    it('counts against the photo_upload rate limit', () => {
      expect(Reflect.getMetadata(RATE_LIMIT_METADATA, PhotosController.prototype.upload)).toBe('photo_upload');
    });
  });

  describe('photos never attached are removed after a day, by one instance at a time', () => {
    let cleanup: PhotoCleanup;
    let service: PhotosService;

    beforeAll(() => {
      cleanup = ctx.app.get(PhotoCleanup);
      service = ctx.app.get(PhotosService);
    });

    const uploadViews = async (resident: Resident, count: number): Promise<PhotoView[]> => {
      const jpeg = await smallJpeg();
      const answer = await rawUpload({
        auth: resident.auth,
        parts: Array.from({ length: count }, () => ({ data: jpeg })),
      });
      expect(answer.status).toBe(201);
      return answer.body as unknown as PhotoView[];
    };

    async function keysOf(ids: number[]): Promise<Map<number, string[]>> {
      const rows = (await ctx.dataSource.query(
        'SELECT id, storage_key AS storageKey, thumbnail_key AS thumbnailKey FROM photo WHERE id IN (?)',
        [ids],
      )) as { id: number; storageKey: string; thumbnailKey: string }[];
      return new Map(rows.map((row) => [Number(row.id), [row.storageKey, row.thumbnailKey]]));
    }

    const exists = (key: string) => store.exists(key);

    it('deletes rows and files of photos unattached for over 24 hours, keeps attached and young ones', async () => {
      const resident = await boundResident(ctx);
      const userId = resident.tokens.user.id;
      ctx.clock.set('2026-05-01T02:00:00Z');
      const [old1, old2, attached] = await uploadViews(resident, 3);
      const cleaning = await categoryByPath(ctx, resident.auth, 'complaint', '环境管理', '保洁卫生');
      const request = await fileComplaint(ctx, resident, cleaning.id);
      await inTransaction(ctx.dataSource, (manager) =>
        service.attach(manager, userId, [attached.id], { requestId: request.id }),
      );
      ctx.clock.set('2026-05-02T01:00:00Z');
      const [young] = await uploadViews(resident, 1);
      const keys = await keysOf([old1.id, old2.id, attached.id, young.id]);
      // A temporary file a crashed upload left behind an hour ago goes too; a fresh one stays.
      await mkdir(tmpFolder(), { recursive: true });
      await writeFile(join(tmpFolder(), 'stale.upload'), 'x');
      await utimes(
        join(tmpFolder(), 'stale.upload'),
        new Date('2026-05-02T00:00:00Z'),
        new Date('2026-05-02T00:00:00Z'),
      );
      await writeFile(join(tmpFolder(), 'fresh.upload'), 'x');
      await utimes(
        join(tmpFolder(), 'fresh.upload'),
        new Date('2026-05-02T01:30:00Z'),
        new Date('2026-05-02T01:30:00Z'),
      );

      ctx.clock.set('2026-05-02T02:00:01Z');
      expect(await cleanup.run({ uploaderUserIds: [userId] })).toBe(2);

      const left = (await ctx.dataSource.query('SELECT id FROM photo WHERE uploader_user_id = ? ORDER BY id', [
        userId,
      ])) as { id: number }[];
      expect(left.map((row) => Number(row.id))).toEqual([attached.id, young.id]);
      for (const id of [old1.id, old2.id]) for (const path of keys.get(id)!) expect(await exists(path)).toBe(false);
      for (const id of [attached.id, young.id]) for (const path of keys.get(id)!) expect(await exists(path)).toBe(true);
      expect((await service.viewsFor(request.id)).get(null)!.map((view) => view.id)).toEqual([attached.id]);
      expect((await tmpFiles()).sort()).toEqual(['fresh.upload']);
      await rm(join(tmpFolder(), 'fresh.upload'));
      // Nothing more to do on a second run.
      expect(await cleanup.run({ uploaderUserIds: [userId] })).toBe(0);
    });

    it('skips its turn while another instance holds the lock', async () => {
      const resident = await boundResident(ctx);
      const userId = resident.tokens.user.id;
      ctx.clock.set('2026-05-01T02:00:00Z');
      await uploadViews(resident, 2);
      ctx.clock.set('2026-05-03T00:00:00Z');

      const holder = ctx.dataSource.createQueryRunner();
      await holder.connect();
      try {
        const [{ got }] = (await holder.query('SELECT GET_LOCK(?, 0) AS got', [
          `linli_photo_cleanup:${ctx.config.databaseName}`.slice(0, 64),
        ])) as { got: unknown }[];
        expect(Number(got)).toBe(1);
        expect(await cleanup.run({ uploaderUserIds: [userId] })).toBeNull();
        expect(await rowsOf(userId)).toBe(2);
      } finally {
        await holder.query('SELECT RELEASE_LOCK(?)', [`linli_photo_cleanup:${ctx.config.databaseName}`.slice(0, 64)]);
        await holder.release();
      }
      expect(await cleanup.run({ uploaderUserIds: [userId] })).toBe(2);
      expect(await rowsOf(userId)).toBe(0);
    });

    it('deletes each photo once when two instances run at the same moment', async () => {
      const other = await createTestContext({ env: store.env });
      try {
        const resident = await boundResident(ctx);
        const userId = resident.tokens.user.id;
        ctx.clock.set('2026-05-01T02:00:00Z');
        const views = await uploadViews(resident, 9);
        const keys = await keysOf(views.map((view) => view.id));
        for (const clock of [ctx.clock, other.clock]) clock.set('2026-05-02T03:00:00Z');

        const scope = { uploaderUserIds: [userId] };
        const runs = await Promise.all([
          cleanup.run(scope),
          other.app.get(PhotoCleanup).run(scope),
          cleanup.run(scope),
          other.app.get(PhotoCleanup).run(scope),
        ]);
        // Whichever ran removed all nine; the others skipped (lock held) or found nothing left.
        expect(runs.reduce<number>((sum, removed) => sum + (removed ?? 0), 0)).toBe(9);
        expect(runs.filter((removed) => removed === 9)).toHaveLength(1);
        expect(await rowsOf(userId)).toBe(0);
        for (const paths of keys.values()) for (const path of paths) expect(await exists(path)).toBe(false);
      } finally {
        await other.close();
      }
    });

    it('is scheduled on every instance when PHOTO_CLEANUP is on, and not when off', async () => {
      expect(ctx.app.get(SchedulerRegistry).getIntervals()).toContain('photo-cleanup');
      expect(ctx.config.photos.cleanupIntervalMs).toBe(60 * 60 * 1000);
      const off = await createTestContext();
      try {
        expect(off.config.photos.cleanup).toBe(false);
        expect(off.app.get(SchedulerRegistry).getIntervals()).not.toContain('photo-cleanup');
      } finally {
        await off.close();
      }
    });
  });
}
