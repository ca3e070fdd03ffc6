import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContentCheckModule } from '../content-check/content-check.module';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ImageWorkLimiter } from './image-work-limiter';
import { PhotoCleanup } from './photo-cleanup';
import { configureImageLibrary } from './photo-image';
import { Photo } from './photo.entity';
import { LocalDiskStorage, PhotoStorage } from './photo-storage';
import { PhotosController } from './photos.controller';
import { PhotosService } from './photos.service';

/**
 * Photo upload, storage and signed links. Other modules import it for `PhotosService.attach`
 * and `viewsFor`. Files go to `STORAGE_DIR` or, with `PHOTO_STORAGE=s3`, to an S3-compatible
 * bucket (docs/deployment.md#photo-storage).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Photo]), ContentCheckModule],
  controllers: [PhotosController],
  providers: [
    PhotosService,
    PhotoCleanup,
    {
      provide: ImageWorkLimiter,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        configureImageLibrary();
        return new ImageWorkLimiter(config.photos.imageConcurrency);
      },
    },
    {
      provide: PhotoStorage,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<PhotoStorage> => {
        const settings = config.photos.storage;
        if (settings.kind === 'local') return new LocalDiskStorage(config.storageDir);
        // Loaded only when chosen: the SDK takes ~150 ms to load, paid by every local start otherwise.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { S3PhotoStorage } = require('./s3-photo-storage') as typeof import('./s3-photo-storage');
        const storage = new S3PhotoStorage(settings);
        try {
          await storage.assertReachable();
        } catch (error) {
          // Its kept-alive sockets would hold a process that is about to report the failure and exit.
          storage.close();
          throw error;
        }
        return storage;
      },
    },
  ],
  exports: [PhotosService, PhotoCleanup],
})
export class PhotosModule implements OnApplicationShutdown {
  constructor(private readonly storage: PhotoStorage) {}

  onApplicationShutdown(): void {
    this.storage.close();
  }
}
