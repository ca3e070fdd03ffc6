import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import { SharedStore } from './shared-store';

@Global()
@Module({
  providers: [
    {
      provide: SharedStore,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<SharedStore> => {
        if (!config.redis.url) return new MemoryStore();
        const store = new RedisStore(config.redis.url, config.redis.prefix);
        await store.ready();
        return store;
      },
    },
  ],
  exports: [SharedStore],
})
export class SharedStoreModule implements OnApplicationShutdown {
  constructor(@Inject(SharedStore) private readonly store: SharedStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
