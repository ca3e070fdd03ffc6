import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { dutySchema, type DutyInput } from '@linli/shared';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { AppError } from '../../common/errors/app-error';
import { ApiZodBody } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { inTransaction } from '../../database/transaction';
import { ReferenceDataService } from '../reference/reference-data.service';
import { AdminAudit } from '../admin-audit/admin-audit.service';

@ApiTags('users')
@Controller('me')
export class DutyController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly audit: AdminAudit,
  ) {}

  @Get('duty')
  @Authenticated({ roles: ['staff', 'supervisor'] })
  @ApiOperation({ summary: '本人当前 在岗/休息' })
  async current(@Auth() auth: AuthUser): Promise<DutyInput> {
    const [row] = (await this.dataSource.query('SELECT on_duty AS onDuty FROM staff_member WHERE user_id = ?', [
      auth.userId,
    ])) as Array<{ onDuty: number }>;
    if (!row) throw AppError.notFound('员工档案');
    return { onDuty: Boolean(Number(row.onDuty)) };
  }

  @Put('duty')
  @Authenticated({ roles: ['staff', 'supervisor'] })
  @ApiOperation({ summary: '处理人切换本人 在岗/休息：休息时自动派单与抢单提醒跳过本人' })
  @ApiZodBody(dutySchema)
  async duty(@Auth() auth: AuthUser, @Body(new ZodPipe(dutySchema)) body: DutyInput): Promise<DutyInput> {
    await inTransaction(this.dataSource, async (manager) => {
      const [row] = (await manager.query('SELECT on_duty AS onDuty FROM staff_member WHERE user_id = ? FOR UPDATE', [
        auth.userId,
      ])) as Array<{ onDuty: number }>;
      if (!row) throw AppError.notFound('员工档案');
      const before = Boolean(Number(row.onDuty));
      // Switching to the state one is already in changes nothing, and is not recorded as a change.
      if (before === body.onDuty) return;
      await manager.query('UPDATE staff_member SET on_duty = ? WHERE user_id = ?', [body.onDuty, auth.userId]);
      // Worth the log: who was off duty when auto dispatch passed them over.
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'duty',
        entityId: auth.userId,
        action: body.onDuty ? 'on_duty' : 'off_duty',
        before: { onDuty: before },
        after: { onDuty: body.onDuty },
      });
      // Auto dispatch and the 抢单 notices read who is on duty from the cached set-up.
      await this.reference.changed(manager);
    });
    return { onDuty: body.onDuty };
  }
}
