import 'reflect-metadata';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyStaticOptions } from '@nestjs/platform-fastify/interfaces/external/fastify-static-options.interface';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { validateLifecycle } from '@linli/shared';
import { AppModule } from './app.module';
import { AppError } from './common/errors/app-error';
import { AppLogger } from './common/logging/app-logger';
import { expandOperationsPerValue } from './common/http/openapi';
import { registerSecurityHeaders } from './common/http/security-headers';
import type { AppConfig } from './config/config';
import { registerPhotoUploads } from './modules/photos/photo-uploads';

/** Photos come as multipart later; JSON bodies stay small. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Nest's adapter `require`s @fastify/static from its own folder, which finds nothing when npm
 * keeps the package inside the server workspace (as it does beside the mini-app's tree); we
 * hand it the server's own copy instead.
 */
class LinliFastifyAdapter extends FastifyAdapter {
  override useStaticAssets(options: FastifyStaticOptions) {
    // Same plugin, typed against the fastify copy Nest carries; only the type lineage differs.
    return this.register(fastifyStatic as unknown as Parameters<FastifyAdapter['register']>[0], options);
  }
}

export function createFastifyAdapter(config: Pick<AppConfig, 'trustProxy'>): FastifyAdapter {
  // Trusting every X-Forwarded-For would let anyone pick the IP their rate limits count against.
  const adapter = new LinliFastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: config.trustProxy });
  const fastify = adapter.getInstance();
  // Our own JSON parser, because Nest rewraps Fastify's parse errors into a bare HttpException
  // and the reason is lost. An empty body means "no body": bodyless actions stay easy to call,
  // and endpoints that need fields still name each missing one.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('MALFORMED_JSON', '请求体不是合法的 JSON'), undefined);
    }
  });
  // The official account pushes its events as XML (WeChat's plaintext mode); the controller parses it.
  fastify.addContentTypeParser(
    ['text/xml', 'application/xml'],
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, String(body)),
  );
  // multipart/form-data for photo uploads, with the photos' own limits (10 MB each, at most 9).
  registerPhotoUploads(adapter);
  return adapter;
}

/** Everything about the HTTP surface that tests and production must share. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const problems = validateLifecycle();
  if (problems.length) throw new Error(`The request lifecycle is inconsistent:\n${problems.join('\n')}`);

  app.useLogger(app.get(AppLogger));
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  await registerSecurityHeaders(app, config);
  // The weapp's requests carry no Origin and h5 is served from our own origin; a browser page
  // elsewhere may read our answers only when its origin is listed (CORS_ORIGINS).
  // Request headers are reflected for allowed origins (Idempotency-Key among them); the ones a
  // client must read back are exposed by name.
  app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['Retry-After', 'Idempotent-Replayed'] });

  // The document is the contract a client is generated from; outside development it is shown only on request.
  if (config.apiDocs) {
    SwaggerModule.setup('api/docs', app, buildApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  }

  if (config.h5DistDir && existsSync(config.h5DistDir)) {
    app.useStaticAssets({ root: config.h5DistDir, prefix: '/', index: ['index.html'] });
  }
}

export function buildApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Linli 邻里 API')
      .setDescription('物业客服系统：业主、员工、客服、经理共用的接口。错误统一为 {code, message, details[]}。')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  return expandOperationsPerValue(document);
}

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    {
      bufferLogs: true,
      // The adapter brings its own JSON parser (createFastifyAdapter); Nest's would replace it.
      bodyParser: false,
    },
  );
  await configureApp(app, config);
  return app;
}
