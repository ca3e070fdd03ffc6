import multipart from '@fastify/multipart';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './photo-image';

/** The multipart field the files come in (`Taro.uploadFile({ name: 'files' })`). */
export const UPLOAD_FIELD = 'files';

/**
 * One byte over 10 MB is read, so "too large" is our own check on the file's length, named in
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
  data: Buffer;
  /** More than 10 MB came in; `data` holds only the first 10 MB + 1 byte. */
  truncated: boolean;
}

/** The files of a multipart upload, read into memory (at most 9 × 10 MB), checked later all together. */
export async function readUploadedFiles(request: FastifyRequest): Promise<UploadedFile[]> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传图片（字段 files）');
  }
  const files: UploadedFile[] = [];
  const misplaced: { field: string; message: string }[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const field = `${UPLOAD_FIELD}[${files.length + misplaced.length}]`;
      // Read to the end either way, so the answer never cuts off a client still sending.
      const data = await part.toBuffer();
      if (part.fieldname === UPLOAD_FIELD) {
        files.push({ field, filename: part.filename, data, truncated: part.file.truncated });
      } else {
        misplaced.push({
          field,
          message: `请使用字段 ${UPLOAD_FIELD} 上传图片（收到的是 ${part.fieldname.slice(0, 40)}）`,
        });
      }
    }
  } catch (error) {
    throw toUploadError(error);
  }
  if (misplaced.length) throw AppError.validation(misplaced);
  if (files.length === 0) throw AppError.validation([{ field: UPLOAD_FIELD, message: '请至少选择 1 张照片' }]);
  return files;
}

const LIMIT_MESSAGES: Record<string, string> = {
  FST_FILES_LIMIT: `最多 ${MAX_PHOTOS} 张照片`,
  FST_PARTS_LIMIT: '上传的表单字段过多',
  FST_FIELDS_LIMIT: '上传的表单字段过多',
  FST_PROTO_VIOLATION: '上传的表单字段名无效',
  FST_INVALID_JSON_FIELD_ERROR: '上传的表单字段不是合法的 JSON',
};

/** The plugin's and busboy's refusals in our error shape; anything else stays a server error. */
function toUploadError(error: unknown): unknown {
  const { code, message } = error as { code?: string; message?: string };
  if (code && LIMIT_MESSAGES[code]) {
    return AppError.validation([{ field: UPLOAD_FIELD, message: LIMIT_MESSAGES[code] }]);
  }
  if (code === 'FST_MP_PREMATURE_CLOSE' || /multipart|part terminated|unexpected end/i.test(message ?? '')) {
    return new AppError('BAD_REQUEST', '上传的内容不完整或格式不正确，请重新上传');
  }
  return error;
}
