import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { contactAccessQuerySchema, type ContactAccessQuery, type ContactAccessView, type Page } from '@linli/shared';
import { Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { ContactAccessService } from './contact-access.service';

/**
 * Admins only: managers read residents' numbers themselves, so the log of who read them is
 * not theirs to browse (a manager selling numbers must not see that he was noticed).
 */
@ApiTags('admin')
@Controller('admin/contact-access')
export class ContactAccessController {
  constructor(private readonly log: ContactAccessService) {}

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '业主联系方式查看记录：谁、何时、看了哪件诉求（可按查看人、诉求、时间筛选）' })
  @ApiZodQuery(contactAccessQuerySchema)
  list(@Query(new ZodPipe(contactAccessQuerySchema)) query: ContactAccessQuery): Promise<Page<ContactAccessView>> {
    const { userId, requestId, from, to, ...page } = query;
    return this.log.list({ userId, requestId, from, to }, page);
  }
}
