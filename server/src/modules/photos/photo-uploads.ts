import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart, { type Multipart } from '@fastify/multipart';
import { cutGraphemes } from '@linli/shared';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './photo-image';

/** The multipart field the files come in (`Taro.uploadFile({ name: 'files' })`). */
export const UPLOAD_FIELD = 'files';

/**
 * One byte over 10 MB is written, so "too large" is our own check on the file's length, named in
 * the answer, instead of the plugin's 413; more than 9 files stops the parse.
 */
const LIMITS = {
  fileSize: MAX_PHOTO_BYTES + 1,
  files: MAX_PHOTOS,
  fields: 10,
  fieldSize: 1024,
  parts: MAX_PHOTOS + 10,
  headerPairs: 100,
};

/**
 * A whole upload: nine full photos and room for part headers and small fields. The plugin drops
 * a file's bytes past its limit but keeps reading, so without this a body could go on for ever.
 */
export const MAX_UPLOAD_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;

/** `@fastify/multipart` on the app's Fastify instance (called from `createFastifyAdapter`). */
export function registerPhotoUploads(adapter: FastifyAdapter): void {
  // Same plugin, typed against the fastify copy Nest carries; only the type lineage differs.
  void adapter.register(multipart as unknown as Parameters<FastifyAdapter['register']>[0], {
    limits: LIMITS,
    throwFileSizeLimit: false,
  });
}

export interface UploadedFile {
  /** `files[i]`, i counting the files of the request from 0. */
  field: string;
  filename: string;
  /** Where the file lies in the temporary folder. */
  path: string;
  /** Bytes written, at most 10 MB + 1 (the plugin stops a file there). */
  size: number;
  /** More than 10 MB came in; what was written is removed at once, only the refusal is kept. */
  truncated: boolean;
}

/**
 * The temporary files of one upload (received files, re-encoded photos, thumbnails), all in
 * `<STORAGE_DIR>/tmp`; `discard` removes whatever is left of them, whatever happened.
 */
export class UploadBatch {
  readonly files: UploadedFile[] = [];
  private readonly paths: string[] = [];

  constructor(private readonly dir: string) {}

  /** A fresh name in the temporary folder, noted for `discard`. */
  tempPath(suffix = ''): string {
    const path = join(this.dir, `${randomBytes(12).toString('hex')}${suffix}`);
    this.paths.push(path);
    return path;
  }

  async discard(): Promise<void> {
    await Promise.all(this.paths.map((path) => rm(path, { force: true })));
  }
}

const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', `上传内容过大：一次最多 ${MAX_PHOTOS} 张照片，每张不超过 10 MB`);

/**
 * The files of a multipart upload, each streamed straight to a temporary file (never held in
 * memory), checked later all together. Throws with every temporary file already removed.
 */
export async function readUploadedFiles(request: FastifyRequest, tmpDir: string): Promise<UploadBatch> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传图片（字段 files）');
  }
  const declared = Number(request.headers['content-length']);
  if (declared > MAX_UPLOAD_BYTES) throw tooLarge();

  await mkdir(tmpDir, { recursive: true });
  const batch = new UploadBatch(tmpDir);
  try {
    await readParts(request, batch);
  } catch (error) {
    await batch.discard();
    throw error;
  }
  return batch;
}

async function readParts(request: FastifyRequest, batch: UploadBatch): Promise<void> {
  const raw = request.raw;
  const parts = request.parts();
  // The first `next()` pipes the request into the parser; counting starts after, so no byte is lost.
  let pending: Promise<IteratorResult<Multipart>> = parts.next();
  let current: Readable | null = null;
  let rejectTooLarge: (error: AppError) => void = () => undefined;
  const exceeded = new Promise<never>((_, reject) => (rejectTooLarge = reject));
  exceeded.catch(() => undefined);
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= MAX_UPLOAD_BYTES) return;
    raw.off('data', count);
    // No more is parsed; the answer closes the connection (the filter says so for every 413).
    raw.unpipe();
    const error = tooLarge();
    current?.destroy(error);
    rejectTooLarge(error);
  };
  raw.on('data', count);
  // Whichever comes first; the loser's later rejection is expected and must not go unhandled.
  const orTooLarge = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => undefined);
    return Promise.race([work, exceeded]);
  };

  const misplaced: { field: string; message: string }[] = [];
  try {
    for (let next = await orTooLarge(pending); !next.done; next = await orTooLarge(pending)) {
      const part = next.value;
      if (part.type === 'file') {
        const field = `${UPLOAD_FIELD}[${batch.files.length + misplaced.length}]`;
        current = part.file;
        // Read to the end either way, so the answer never cuts off a client still sending.
        if (part.fieldname === UPLOAD_FIELD) {
          const path = batch.tempPath('.upload');
          let size = 0;
          const counter = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              size += chunk.length;
              done(null, chunk);
            },
          });
          await orTooLarge(pipeline(part.file, counter, createWriteStream(path, { flags: 'wx' })));
          const truncated = part.file.truncated;
          if (truncated) await rm(path, { force: true });
          batch.files.push({ field, filename: part.filename, path, size, truncated });
        } else {
          await orTooLarge(pipeline(part.file, discardAll()));
          misplaced.push({
            field,
            message: `请使用字段 ${UPLOAD_FIELD} 上传图片（收到的是 ${cutGraphemes(part.fieldname, 41)}）`,
          });
        }
        current = null;
      }
      pending = parts.next();
    }
  } catch (error) {
    throw toUploadError(error);
  } finally {
    raw.off('data', count);
  }
  if (misplaced.length) throw AppError.validation(misplaced);
  if (batch.files.length === 0) {
    throw AppError.validation([{ field: UPLOAD_FIELD, message: '请至少选择 1 张照片' }]);
  }
}

const discardAll = () => new Writable({ write: (_chunk, _encoding, done) => done() });

const LIMIT_MESSAGES: Record<string, string> = {
  FST_FILES_LIMIT: `最多 ${MAX_PHOTOS} 张照片`,
  FST_PARTS_LIMIT: '上传的表单字段过多',
  FST_FIELDS_LIMIT: '上传的表单字段过多',
  FST_PROTO_VIOLATION: '上传的表单字段名无效',
  FST_INVALID_JSON_FIELD_ERROR: '上传的表单字段不是合法的 JSON',
};

/**
 * busboy's refusals of a malformed body: no or an unusable boundary (over 252 characters its
 * search needle passes 256 bytes and the constructor throws), a body cut short, bad part headers.
 */
const MALFORMED =
  /multipart|boundary|needle|part terminated|unexpected end|malformed|header|content-disposition|premature/i;

/** The plugin's and busboy's refusals in our error shape; anything else (a full disk) stays a server error. */
export function toUploadError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code && LIMIT_MESSAGES[code]) {
    return AppError.validation([{ field: UPLOAD_FIELD, message: LIMIT_MESSAGES[code] }]);
  }
  if (
    code === 'FST_MP_PREMATURE_CLOSE' ||
    (!(error as NodeJS.ErrnoException).syscall && MALFORMED.test(message ?? ''))
  ) {
    return new AppError('BAD_REQUEST', '上传的内容不完整或格式不正确，请重新上传');
  }
  return error;
}
