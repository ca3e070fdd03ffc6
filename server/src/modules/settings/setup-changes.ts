import type { EntityManager } from 'typeorm';
import { recordAdminChange } from '../estate/estate-change';

/**
 * Who changed the set-up of this area (a category, a project's route, a setting), when, and what
 * it was before and after, in `setup_change` and in the `admin_change` log 操作记录 lists (a
 * route under its category, a setting's value under its key). Written in the edit's own
 * transaction, so no change goes unrecorded.
 */
export async function recordSetupChange(
  manager: EntityManager,
  change: {
    userId: number;
    subject: 'category' | 'category_route' | 'setting';
    key: string;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await manager.query(
    'INSERT INTO setup_change (user_id, subject, subject_key, `before`, `after`) VALUES (?, ?, ?, ?, ?)',
    [
      change.userId,
      change.subject,
      change.key,
      change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
      change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
    ],
  );
  const before = change.before ?? null;
  const after = change.after ?? null;
  if (change.subject === 'category_route') {
    const [categoryId, projectId] = change.key.split(':').map(Number);
    await recordAdminChange(manager, {
      actor: change.userId,
      entity: 'category',
      entityId: categoryId,
      action: after === null ? 'route_reset' : 'route',
      before: before === null ? null : { projectId, ...before },
      after: after === null ? { projectId, departmentId: null } : { projectId, ...after },
    });
    return;
  }
  const setting = change.subject === 'setting';
  await recordAdminChange(manager, {
    actor: change.userId,
    entity: change.subject,
    entityId: setting ? null : Number(change.key),
    action: actionOf(setting, before, after),
    before: setting && before !== null ? { [change.key]: before } : before,
    after: setting && after !== null ? { [change.key]: after } : after,
  });
}

/** A setting always has a value (the environment's until one is stored): updated or reset, never created. */
function actionOf(setting: boolean, before: unknown, after: unknown): string {
  if (after === null) return setting ? 'reset' : 'delete';
  return before === null && !setting ? 'create' : 'update';
}
