import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { cutGraphemes } from '@linli/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { toUploadError } from '../photos/photo-uploads';
import { registerFileKind } from './register-files';
import type { RegisterUpload } from './owner-register.service';

/** The multipart field of the register file (`Taro.uploadFile({ name: 'file' })`, h5's FormData). */
export const REGISTER_UPLOAD_FIELD = 'file';
/** A 20,000-room register is about 1 MB as .xlsx; 10 MB leaves room for a company's biggest estate. */
export const MAX_REGISTER_BYTES = 10 * 1024 * 1024;

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', '文件过大：业主名册不能超过 10 MB');

/**
 * The one file of an upload, streamed to a temporary file (photos' multipart set-up, with a
 * limit of one file of 10 MB). The caller removes it with `discard` whatever happens.
 */
export async function receiveRegisterFile(
  request: FastifyRequest,
): Promise<RegisterUpload & { discard: () => Promise<void> }> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段 file）');
  }
  if (Number(request.headers['content-length']) > MAX_REGISTER_BYTES + 64 * 1024) throw tooLarge();
  const dir = join(tmpdir(), 'linli-register');
  await mkdir(dir, { recursive: true });
  const path = join(dir, randomBytes(12).toString('hex'));
  const discard = () => rm(path, { force: true });
  try {
    let part;
    try {
      part = await request.file({ limits: { fileSize: MAX_REGISTER_BYTES + 1, files: 1, fields: 5, parts: 6 } });
    } catch (error) {
      throw toUploadError(error);
    }
    if (!part) throw AppError.validation([{ field: REGISTER_UPLOAD_FIELD, message: '请选择要导入的名册文件' }]);
    if (part.fieldname !== REGISTER_UPLOAD_FIELD) {
      part.file.resume();
      throw AppError.validation([
        { field: REGISTER_UPLOAD_FIELD, message: `请使用字段 ${REGISTER_UPLOAD_FIELD} 上传文件` },
      ]);
    }
    try {
      await pipeline(part.file, createWriteStream(path, { flags: 'wx' }));
    } catch (error) {
      throw toUploadError(error);
    }
    if (part.file.truncated) throw tooLarge();
    const fileName = cutGraphemes(part.filename || 'register', 100);
    const kind = registerFileKind(fileName, await head(path));
    if (!kind) {
      throw AppError.validation([
        {
          field: REGISTER_UPLOAD_FIELD,
          message: '请上传 Excel（.xlsx）或 CSV（.csv）文件；旧版 .xls 请先另存为 .xlsx',
        },
      ]);
    }
    return { path, fileName, kind, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

async function head(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await file.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
