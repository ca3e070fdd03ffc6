import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  REGISTER_IMPORT_RULE,
  type RegisterImportReport,
  type RegisterImportResult,
  type RegisterOutcome,
} from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { inTransaction } from '../../database/transaction';
import { AccessService } from '../access/access.service';
import { AdminAudit } from '../admin-audit/admin-audit.service';
import type { RegisterFileKind } from './register-files';
import {
  analyseFile,
  rediff,
  sameCounts,
  storedDryRun,
  writeOutcomes,
  type Analysis,
  type StoredDryRun,
} from './register-import';
import { changesNothing, sampleOutcomes, type OutcomeCounts } from './register-pipeline';

/** A dry run may be committed this long; then it must be run again (issue 14). */
export const DRY_RUN_TTL_MS = 30 * 60 * 1000;
/** The report carries the first rows of each outcome and the errors up to a cap, not 20,000 rows. */
export const REPORT_SAMPLE_SIZE = 50;
export const REPORT_ERROR_CAP = 500;

export interface RegisterUpload {
  path: string;
  fileName: string;
  kind: RegisterFileKind;
}

/**
 * The owner-register import (issue 14.3): the dry run reports every row and writes only its own
 * record; the commit applies exactly what that dry run saw, in one transaction, or refuses when
 * the register changed in between. Cached set-up is not involved: the register is read from the
 * database at each binding and caller lookup, so nothing needs telling.
 */
@Injectable()
export class OwnerRegisterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Admins over the company; a manager over the projects they serve; the rest never reach here
   * (roles). Another project's register is "not found", like its rooms and buildings: a refusal
   * must not tell a manager which project ids exist.
   */
  async requireProjectAdmin(auth: AuthUser, projectId: number): Promise<void> {
    await this.access.requireProject(auth, projectId, '项目');
    const [project] = (await this.dataSource.query('SELECT id FROM project WHERE id = ?', [projectId])) as unknown[];
    if (!project) throw AppError.notFound('项目');
  }

  async dryRun(auth: AuthUser, projectId: number, upload: RegisterUpload): Promise<RegisterImportReport> {
    await this.requireProjectAdmin(auth, projectId);
    const analysis = await analyseFile(this.dataSource.manager, projectId, upload.path, upload.kind);
    const nothing = changesNothing(analysis.counts);
    const now = this.clock.now();
    // Dry runs nobody committed give up their rows once expired; their counts stay as the record.
    await this.dataSource.query(
      "UPDATE owner_register_import SET status = 'expired', payload = NULL WHERE project_id = ? AND status = 'dry_run' AND expires_at <= ?",
      [projectId, now],
    );
    const expiresAt = new Date(now.getTime() + DRY_RUN_TTL_MS);
    const token = await recordImport(this.dataSource.manager, {
      projectId,
      userId: auth.userId,
      fileName: upload.fileName,
      analysis,
      status: nothing ? 'nothing' : 'dry_run',
      expiresAt,
      committedAt: null,
    });
    const { samples } = sampleOutcomes(analysis.outcomes, analysis.rooms, REPORT_SAMPLE_SIZE);
    return {
      token: nothing ? null : token,
      expiresAt: nothing ? null : expiresAt.toISOString(),
      fileName: upload.fileName,
      rule: REGISTER_IMPORT_RULE,
      totalRows: analysis.resolution.totalRows,
      counts: analysis.counts,
      samples,
      sampleSize: REPORT_SAMPLE_SIZE,
      errors: analysis.resolution.errors.slice(0, REPORT_ERROR_CAP),
      errorCap: REPORT_ERROR_CAP,
    };
  }

  async commit(auth: AuthUser, projectId: number, token: string): Promise<RegisterImportResult> {
    await this.requireProjectAdmin(auth, projectId);
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (manager) => {
      // One import of a project at a time: the project row is the lock, taken before the register's.
      await manager.query('SELECT id FROM project WHERE id = ? FOR UPDATE', [projectId]);
      const [record] = (await manager.query(
        `SELECT id, file_name AS fileName, status, counts, payload, expires_at AS expiresAt
           FROM owner_register_import WHERE token = ? AND project_id = ? FOR UPDATE`,
        [token, projectId],
      )) as {
        id: number;
        fileName: string;
        status: string;
        counts: unknown;
        payload: string | null;
        expiresAt: Date;
      }[];
      if (!record) throw AppError.notFound('导入预览');
      if (record.status === 'committed') throw new AppError('CONFLICT', '这次导入已经确认过了');
      if (record.status !== 'dry_run' || record.payload === null || new Date(record.expiresAt) <= now) {
        throw new AppError('CONFLICT', '导入预览已过期（30 分钟内有效），请重新上传文件预览');
      }
      const stored = JSON.parse(record.payload) as StoredDryRun;
      const seen = (typeof record.counts === 'string' ? JSON.parse(record.counts) : record.counts) as OutcomeCounts;
      const { outcomes, counts } = await rediff(manager, projectId, stored);
      if (!sameCounts(seen, counts)) {
        throw new AppError('CONFLICT', '预览之后业主名册有了变动，请重新上传文件预览', [
          { field: 'token', message: '预览结果与当前名册不一致' },
        ]);
      }
      await writeOutcomes(manager, outcomes);
      await manager.query(
        "UPDATE owner_register_import SET status = 'committed', committed_at = ?, payload = NULL, user_id = ? WHERE id = ?",
        [now, auth.userId, record.id],
      );
      // One entry per import, with its counts: the rows themselves are the register's to show.
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'owner_register',
        entityId: Number(record.id),
        projectId,
        action: 'import',
        before: null,
        after: { fileName: record.fileName, ...counts },
      });
      return { fileName: record.fileName, counts, committedAt: now.toISOString() };
    });
  }
}

/** One import's record: who, which file, the counts; the valid rows while it waits for its commit. */
export async function recordImport(
  manager: EntityManager,
  entry: {
    projectId: number;
    userId: number | null;
    fileName: string;
    analysis: Analysis;
    status: 'dry_run' | 'nothing' | 'committed';
    expiresAt: Date;
    committedAt: Date | null;
  },
): Promise<string> {
  const token = randomBytes(16).toString('hex');
  await manager.query(
    `INSERT INTO owner_register_import
       (token, project_id, user_id, file_name, status, total_rows, counts, payload, expires_at, committed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      token,
      entry.projectId,
      entry.userId,
      entry.fileName.slice(0, 200),
      entry.status,
      entry.analysis.resolution.totalRows,
      JSON.stringify(entry.analysis.counts),
      entry.status === 'dry_run' ? JSON.stringify(storedDryRun(entry.analysis.resolution)) : null,
      entry.expiresAt,
      entry.committedAt,
    ],
  );
  return token;
}

/**
 * Dry run and commit in one go, in the caller's transaction: the demo seed imports the shipped
 * sample register this way. Returns the counts; refuses a file with errors.
 */
export async function importRegisterFile(
  manager: EntityManager,
  projectId: number,
  upload: RegisterUpload,
  now: Date,
): Promise<Record<RegisterOutcome, number>> {
  const analysis = await analyseFile(manager, projectId, upload.path, upload.kind);
  if (analysis.counts.error > 0) {
    const first = analysis.resolution.errors[0];
    throw new Error(
      `${upload.fileName}: ${analysis.counts.error} faulty rows, first row ${first.rowNumber}: ${first.message}`,
    );
  }
  await writeOutcomes(manager, analysis.outcomes);
  await recordImport(manager, {
    projectId,
    userId: null,
    fileName: upload.fileName,
    analysis,
    status: 'committed',
    expiresAt: now,
    committedAt: now,
  });
  return analysis.counts;
}
