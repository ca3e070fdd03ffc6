import { Global, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency-store';

/** Expired keys are also ignored when met, so the sweep only keeps the table small. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

@Global()
@Module({ providers: [IdempotencyStore, IdempotencyInterceptor], exports: [IdempotencyStore, IdempotencyInterceptor] })
export class IdempotencyModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdempotencyModule.name);

  constructor(
    private readonly store: IdempotencyStore,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    // Every instance may sweep: the DELETE is the same whoever runs it, and a batch is small.
    const timer = setInterval(
      () => void this.store.removeExpired().catch((error: unknown) => this.logger.warn({ err: error }, 'sweep failed')),
      SWEEP_INTERVAL_MS,
    );
    timer.unref();
    this.scheduler.addInterval('idempotency-key-sweep', timer);
  }
}
