import { photoAbuseSuite } from './support/photo-abuse-suite';

/** The same attacks with the photos in a bucket on a local S3-compatible server. */
photoAbuseSuite('s3');
