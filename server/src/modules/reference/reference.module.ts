import { Global, Module } from '@nestjs/common';
import { ReferenceDataService } from './reference-data.service';

/** Global: the set-up is read by filing, the workflow, the time limits and the notices alike. */
@Global()
@Module({ providers: [ReferenceDataService], exports: [ReferenceDataService] })
export class ReferenceModule {}
