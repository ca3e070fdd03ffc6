import { Global, Module } from '@nestjs/common';
import { ContactAccessController } from './contact-access.controller';
import { ContactAccessService } from './contact-access.service';

/** The access audit of residents' contact details, recorded by whoever shows them unmasked. */
@Global()
@Module({ controllers: [ContactAccessController], providers: [ContactAccessService], exports: [ContactAccessService] })
export class PrivacyModule {}
