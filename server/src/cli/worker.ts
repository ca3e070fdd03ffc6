import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from '../common/logging/app-logger';
import { AppModule } from '../app.module';
import { ConfigError, loadConfig } from '../config/config';

/**
 * `npm run worker -w @linli/server`: the outbox worker without HTTP. The API server runs a worker
 * too; extra ones (here, or more API instances) share the outbox safely, so sending can be scaled
 * or kept apart from serving (docs/deployment.md).
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, OUTBOX_WORKER: 'on' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  logger.log(`outbox worker started (pid ${process.pid})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
