import type { Readable } from 'node:stream';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated, Public } from '../../common/auth/authenticated.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdPipe } from '../../common/http/zod-pipe';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { MAX_PHOTOS } from './photo-image';
import { PHOTO_VARIANTS } from './photo-links';
import { readUploadedFiles, UPLOAD_FIELD } from './photo-uploads';
import type { PhotoView } from './photo.view';
import { PhotosService } from './photos.service';

@ApiTags('photos')
@Controller('photos')
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Post()
  @Idempotent()
  @Authenticated()
  @RateLimit('photo_upload')
  @ApiOperation({
    summary:
      '上传照片（1–9 张，JPEG/PNG/WebP，每张 ≤ 10 MB；每人每天有张数与总大小上限，超出 429）：去除 EXIF 后保存，生成缩略图；任一张不合格则全部不保存',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD],
      properties: {
        [UPLOAD_FIELD]: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_PHOTOS,
          items: { type: 'string', format: 'binary' },
        },
      },
    },
  })
  async upload(@Auth() auth: AuthUser, @Req() request: FastifyRequest): Promise<PhotoView[]> {
    await this.photos.assertQuotaLeft(auth);
    const batch = await readUploadedFiles(request, this.photos.uploadTmpDir);
    try {
      return await this.photos.upload(auth, batch);
    } finally {
      await batch.discard();
    }
  }

  @Get(':id/file')
  @Public()
  @ApiOperation({ summary: '照片文件（签名链接，约 1 小时有效；由上传或诉求详情返回的 url/thumbnailUrl 打开）' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiQuery({ name: 'variant', required: false, enum: PHOTO_VARIANTS })
  @ApiQuery({ name: 'exp', required: true, type: Number })
  @ApiQuery({ name: 'sig', required: true, type: String })
  async file(
    @Param('id', new IdPipe('照片')) id: number,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const file = await this.photos.openFile(id, query);
    void reply
      .header('content-type', file.mime)
      .header('cache-control', 'private, max-age=3600')
      .header('x-content-type-options', 'nosniff');
    if (file.size !== null) void reply.header('content-length', file.size);
    // Fastify pipes the stream out and destroys it if the client goes away, closing the file or connection.
    return file.stream;
  }
}
