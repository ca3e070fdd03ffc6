import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { PhotoStorageConfig } from '../../config/config';
import { KEY_PATTERN, PhotoStorage, type StoredFile } from './photo-storage';

export type S3Settings = Extract<PhotoStorageConfig, { kind: 's3' }>;

/**
 * Photos in an S3-compatible bucket (AWS SDK v3): Aliyun OSS and Tencent COS through their S3
 * endpoints (virtual-hosted), MinIO and servers on one host name (`forcePathStyle`), AWS S3
 * itself (no endpoint). The bucket stays private: the API reads the bytes and serves them
 * behind its own signed links. Every instance sees the same files, so any of them can serve a
 * photo another stored, and the cleanup on one removes what any of them uploaded.
 */
export class S3PhotoStorage extends PhotoStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    super();
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint ?? undefined,
      forcePathStyle: settings.forcePathStyle,
      // Static keys: the SDK's default chain would look for AWS profiles and instance roles first.
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Since 3.729 the SDK adds CRC32 checksums and sends streams aws-chunked with a trailer;
      // OSS, COS and older MinIO refuse that ("chunked encoding not supported"). Checksums only
      // where an operation requires them, as before.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A hung store must not hang the request: a connection within 5 s, no silence over 30 s.
      requestHandler: { connectionTimeout: 5000, requestTimeout: 30_000 },
      maxAttempts: 3,
    });
  }

  async put(key: string, path: string, contentType: string): Promise<void> {
    // The length up front lets the body stream from the file as a plain PUT (no chunked upload).
    const { size } = await stat(path);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: checked(key),
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<StoredFile | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: checked(key) }));
      // In Node the body is the response stream itself: the caller pipes it on, nothing is buffered.
      return { stream: object.Body as Readable, size: object.ContentLength ?? null };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: checked(key) }));
    } catch (error) {
      // S3 answers 204 for a missing key; some compatible stores answer 404.
      if (!isNotFound(error)) throw error;
    }
  }

  /**
   * Writes, reads back and removes a small object, so wrong keys, a missing bucket or a wrong
   * region stop the start instead of the first upload. Only the object permissions the photos
   * need are used: a key allowed Put/Get/Delete but not ListBucket (HeadBucket) passes.
   */
  async assertReachable(): Promise<void> {
    const key = `linli-probe/${randomBytes(8).toString('hex')}.txt`;
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: 'linli', ContentType: 'text/plain' }),
      );
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      const text = await object.Body!.transformToString();
      if (text !== 'linli')
        throw new Error(`read back ${JSON.stringify(text.slice(0, 20))} instead of what was written`);
      await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    } catch (error) {
      throw new Error(
        `Photo storage unusable (bucket ${this.settings.bucket} at ${this.settings.endpoint ?? 'AWS S3'}, ` +
          `region ${this.settings.region}): ${describeFailure(error)}`,
        { cause: error },
      );
    }
  }

  override close(): void {
    this.client.destroy();
  }
}

function checked(key: string): string {
  if (!KEY_PATTERN.test(key) || key.split('/').includes('..')) throw new Error(`invalid storage key: ${key}`);
  return key;
}

function describeFailure(error: unknown): string {
  const name = (error as Error).name;
  const status = (error as S3ServiceException).$metadata?.httpStatusCode;
  if (name === 'NoSuchBucket') return 'the bucket does not exist (S3_BUCKET)';
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || status === 403) {
    return `access denied (${name}): check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and that they may put, get and delete objects`;
  }
  if (status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
    return `wrong region or addressing (${name}): check S3_REGION, S3_ENDPOINT and S3_FORCE_PATH_STYLE`;
  }
  return `${name}: ${(error as Error).message}`;
}

/** A missing key; a missing bucket is a configuration error, never "no such photo". */
function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error) || error.name === 'NoSuchBucket') return false;
  return (
    error.name === 'NoSuchKey' ||
    error.name === 'NotFound' ||
    (error as S3ServiceException).$metadata?.httpStatusCode === 404
  );
}
