import type { EntityManager } from 'typeorm';

/**
 * Who changed the set-up of this area (a category, a project's route, a setting), when, and what
 * it was before and after. Written in the edit's own transaction, so no change goes unrecorded.
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
}
