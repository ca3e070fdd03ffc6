import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
 * and `viewsFor`. To keep files in object storage instead of `STORAGE_DIR`, bind another
 * `PhotoStorage` here (docs/deployment.md).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Photo])],
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
      useFactory: (config: AppConfig) => new LocalDiskStorage(config.storageDir),
    },
  ],
  exports: [PhotosService, PhotoCleanup],
})
export class PhotosModule {}
