import type { EntityManager } from 'typeorm';

export type EstateEntity = 'project' | 'building' | 'unit' | 'room' | 'department' | 'duty';

/**
 * Who changed what, with the row before and after (issue 14), in `estate_change`; and, except a
 * member's own 在岗/休息, in the company-wide `admin_change` log that 操作记录 lists
 * (recordAdminChange).
 */
export async function recordChange(
  manager: EntityManager,
  actorUserId: number,
  entity: EstateEntity,
  entityId: number,
  action: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await manager.query(
    'INSERT INTO estate_change (actor_user_id, entity, entity_id, action, `before`, `after`) VALUES (?, ?, ?, ?, ?, ?)',
    [
      actorUserId,
      entity,
      entityId,
      action,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    ],
  );
  if (entity === 'duty') return;
  // A batch of rooms is recorded under its project (entityId is the project's), so the 项目 filter shows it.
  const logged = entity === 'room' && action === 'batch' ? 'project' : entity;
  await recordAdminChange(manager, {
    actor: actorUserId,
    entity: logged,
    entityId,
    action: logged === entity ? action : 'rooms_batch',
    before,
    after,
  });
}

/**
 * One row of `admin_change` (the table AdminAudit reads) from an edit that keeps its own detailed
 * record too (estate_change, setup_change), in the same transaction. An update's "before" keeps
 * only the fields the edit set (and the name, which 操作记录 titles the entry with), so the page
 * shows what changed rather than the whole row.
 */
export async function recordAdminChange(
  manager: EntityManager,
  change: { actor: number; entity: string; entityId: number | null; action: string; before: unknown; after: unknown },
): Promise<void> {
  const { before, after } = change;
  const kept =
    isRecord(before) && isRecord(after)
      ? Object.fromEntries(
          [...new Set([...Object.keys(after), ...('name' in before ? ['name'] : [])])].map((key) => [
            key,
            before[key] ?? null,
          ]),
        )
      : before;
  await manager.query(
    'INSERT INTO admin_change (actor_user_id, entity, entity_id, action, `before`, `after`, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      change.actor,
      change.entity,
      change.entityId,
      change.action,
      kept === null || kept === undefined ? null : JSON.stringify(kept),
      after === null || after === undefined ? null : JSON.stringify(after),
      // Not the column's default: the session's time zone is the server's, the pool's is UTC.
      new Date(),
    ],
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
