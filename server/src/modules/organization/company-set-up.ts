import type { RequestKind } from '@linli/shared';
import { IsNull, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { Category } from '../categories/category.entity';
import { Company } from './company.entity';
import { Department } from './department.entity';
import { DEFAULT_CATEGORIES, DEFAULT_DEPARTMENTS, DEFAULT_GRADE, type CategorySeed } from './standard-set-up';

/** Finds by the natural key or inserts: running it twice changes nothing. */
export async function ensure<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  values: Partial<T> = {},
): Promise<T> {
  const found = await manager.findOneBy(entity, where);
  if (found) return found;
  return manager.save(entity, manager.create(entity, { ...where, ...values } as T));
}

/**
 * The standard departments and category tree of DOMAIN.md for a company, found by code and by
 * name under their parent, or inserted. Idempotent, for the demo seed that runs on every start;
 * a real company gets it once, with the company (`setUpCompany`), and edits it from there.
 */
export async function installStandardSetUp(
  manager: EntityManager,
  companyId: number,
): Promise<Map<string, Department>> {
  const departments = new Map<string, Department>();
  for (const seed of DEFAULT_DEPARTMENTS) {
    departments.set(
      seed.code,
      await ensure(
        manager,
        Department,
        { code: seed.code },
        { companyId, name: seed.name, dispatchMode: seed.dispatchMode },
      ),
    );
  }
  for (const kind of Object.keys(DEFAULT_CATEGORIES) as RequestKind[]) {
    await installCategories(manager, kind, DEFAULT_CATEGORIES[kind], null, departments);
  }
  return departments;
}

async function installCategories(
  manager: EntityManager,
  kind: RequestKind,
  seeds: CategorySeed[],
  parent: Category | null,
  departments: Map<string, Department>,
): Promise<void> {
  for (const [index, seed] of seeds.entries()) {
    const category = await ensure(
      manager,
      Category,
      { kind, parentId: parent ? parent.id : IsNull(), name: seed.name },
      {
        parentId: parent?.id ?? null,
        // Only the nodes that name a department store one; the rest inherit from their parent when routed.
        defaultDepartmentId: seed.department ? departments.get(seed.department)!.id : null,
        defaultGrade: seed.grade ?? parent?.defaultGrade ?? DEFAULT_GRADE[kind],
        sort: index + 1,
        active: true,
      },
    );
    if (seed.children) await installCategories(manager, kind, seed.children, category, departments);
  }
}

export interface CompanySetUp {
  id: number;
  name: string;
  /** False when the database had its company already: nothing was changed then. */
  created: boolean;
}

/**
 * A new install's company, with the standard departments and categories: made once, when the
 * database has no company (a company's projects and departments hang from it, and the admin
 * pages cannot make one). With a company already there it changes nothing, so a second run
 * never brings back a category or department the company renamed or disabled since.
 */
export async function setUpCompany(manager: EntityManager, name: string): Promise<CompanySetUp> {
  // The one row every database has: two first runs at once take turns, so one company is made.
  await manager.query('SELECT version FROM reference_version WHERE id = 1 FOR UPDATE');
  const [existing] = (await manager.query('SELECT id, name FROM company ORDER BY id LIMIT 1')) as Array<{
    id: number;
    name: string;
  }>;
  if (existing) return { id: Number(existing.id), name: existing.name, created: false };
  const company = await manager.save(Company, manager.create(Company, { name }));
  await installStandardSetUp(manager, company.id);
  await manager.query('UPDATE reference_version SET version = version + 1 WHERE id = 1');
  return { id: company.id, name: company.name, created: true };
}
