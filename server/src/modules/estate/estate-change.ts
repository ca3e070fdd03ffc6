import type { EntityManager } from 'typeorm';

export type EstateEntity = 'project' | 'building' | 'unit' | 'room' | 'department' | 'duty';

/**
 * Who changed what, with the row before and after (issue 14). This branch records in its own
 * `estate_change` table; the company-wide `admin_change` log can take these rows over.
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
}
