import type { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REGISTER_IMPORT_RULE, type RegisterImportReport, type RegisterImportResult } from '@linli/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { AppError } from '../../common/errors/app-error';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { OwnerRegisterService } from './owner-register.service';
import { exportRegister } from './register-export';
import { receiveRegisterFile, REGISTER_UPLOAD_FIELD } from './register-upload';

const ADMINS = ['manager', 'admin'] as const;
const dryRunQuerySchema = z.object({
  dryRun: z.enum(['1', 'true'], { error: '导入须先预览：请带上 dryRun=1，确认时调用 commit' }),
});

@ApiTags('admin')
@Controller('admin/projects/:projectId/register')
export class OwnerRegisterController {
  constructor(private readonly register: OwnerRegisterService) {}

  @Post('import')
  @HttpCode(200)
  @Authenticated({ roles: ADMINS })
  @ApiOperation({
    summary: `预览导入业主名册（.xlsx/.csv，≤ 10 MB）：逐行给出 新增/更新/不变/错误，不写入名册；返回 token 供确认。规则：${REGISTER_IMPORT_RULE}`,
  })
  @ApiQuery({ name: 'dryRun', required: true, enum: ['1'] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [REGISTER_UPLOAD_FIELD],
      properties: { [REGISTER_UPLOAD_FIELD]: { type: 'string', format: 'binary' } },
    },
  })
  async dryRun(
    @Auth() auth: AuthUser,
    @Param('projectId', new IdPipe('项目')) projectId: number,
    @Query(new ZodPipe(dryRunQuerySchema)) _query: z.output<typeof dryRunQuerySchema>,
    @Req() request: FastifyRequest,
  ): Promise<RegisterImportReport> {
    // Refused before the body is read, so a stranger's 10 MB is not written to disk first.
    await this.register.requireProjectAdmin(auth, projectId);
    const upload = await receiveRegisterFile(request);
    try {
      return await this.register.dryRun(auth, projectId, upload);
    } finally {
      await upload.discard();
    }
  }

  @Post('import/:token/commit')
  @Idempotent()
  @HttpCode(200)
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '确认导入：按预览写入全部有效行（一个事务）；预览 30 分钟内有效，名册在预览后有变动则 409' })
  commit(
    @Auth() auth: AuthUser,
    @Param('projectId', new IdPipe('项目')) projectId: number,
    @Param('token') token: string,
  ): Promise<RegisterImportResult> {
    if (!/^[0-9a-f]{32}$/.test(token)) throw AppError.notFound('导入预览');
    return this.register.commit(auth, projectId, token);
  }

  @Get('export')
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '导出业主名册（.xlsx，列与导入相同，可改后再导入）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(
    @Auth() auth: AuthUser,
    @Param('projectId', new IdPipe('项目')) projectId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    await this.register.requireProjectAdmin(auth, projectId);
    const name = `业主名册-${projectId}.xlsx`;
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="register-${projectId}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .header('cache-control', 'no-store');
    return exportRegister(this.register.manager, projectId);
  }
}
