import { photoSuite } from './support/photos-suite';
import { startS3Server, type TestS3 } from './support/s3-server';
import { createTestContext } from './support/test-app';
import { loadConfig } from '../src/config/config';
import { S3PhotoStorage, type S3Settings } from '../src/modules/photos/s3-photo-storage';

const s3Settings = (env: Record<string, string>) => loadConfig(env).photos.storage as S3Settings;

/** The same photo suite with the photos in a bucket on a local S3-compatible server. */
photoSuite('s3');

describe('starting with object storage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(() => s3.close());

  it.each([
    [
      'a wrong secret',
      { S3_SECRET_ACCESS_KEY: 'not-the-secret' },
      /access denied \(SignatureDoesNotMatch\).*S3_SECRET_ACCESS_KEY/,
    ],
    ['an unknown key', { S3_ACCESS_KEY_ID: 'NOBODY' }, /access denied \(InvalidAccessKeyId\).*S3_ACCESS_KEY_ID/],
    [
      'a missing bucket',
      { S3_BUCKET: 'no-such-bucket' },
      /bucket no-such-bucket .*the bucket does not exist \(S3_BUCKET\)/,
    ],
  ])(
    'refuses %s before the app starts, naming the setting, and leaves nothing in the bucket',
    async (_what, env, message) => {
      // What PhotosModule's factory runs before the app may start (the factory rethrows it).
      const storage = new S3PhotoStorage(s3Settings({ ...s3.env, ...env }));
      try {
        await expect(storage.assertReachable()).rejects.toThrow(message);
      } finally {
        storage.close();
      }
      expect(await s3.keys()).toEqual([]);
    },
  );

  it('writes, reads back and removes a probe object on start', async () => {
    const ctx = await createTestContext({ env: s3.env });
    try {
      expect(ctx.config.photos.storage).toMatchObject({ kind: 's3', bucket: s3.bucket, forcePathStyle: true });
      expect(await s3.keys()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
