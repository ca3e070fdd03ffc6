import {
  IsNull,
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  type ObjectLiteral,
} from 'typeorm';
import { join } from 'node:path';
import type { RequestKind } from '@linli/shared';
import { Category } from '../categories/category.entity';
import { Building } from '../houses/building.entity';
import { HouseBinding } from '../houses/house-binding.entity';
import { Room } from '../houses/room.entity';
import { Unit } from '../houses/unit.entity';
import { Company } from '../organization/company.entity';
import { Department } from '../organization/department.entity';
import { Project } from '../organization/project.entity';
import { StaffMember } from '../organization/staff-member.entity';
import { BACKFILL_DEPARTMENT_SET_UP } from '../../database/migrations/1766000000000-estate-admin';
import { importRegisterFile } from '../owner-register/owner-register.service';
import { User } from '../users/user.entity';
import { DEFAULT_CATEGORIES, DEFAULT_DEPARTMENTS, DEFAULT_GRADE, type CategorySeed } from './default-categories';
import { DEMO_ACCOUNTS, DEMO_BINDINGS } from './demo-accounts';
import { DEMO_BUILDINGS, DEMO_FLOORS, DEMO_ROOMS_PER_FLOOR, DEMO_UNITS, demoRoomName } from './demo-register';

export const DEMO_COMPANY = '阳光物业服务有限公司';
export const DEMO_PROJECT = '阳光花园';
/** The demo estate's register as shipped; imported through the admin page's pipeline. */
export const DEMO_REGISTER_FILE = join(__dirname, '../../../samples/owner-register-demo.xlsx');

/** Finds by the natural key or inserts: running the seed twice changes nothing. */
async function ensure<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  values: Partial<T> = {},
): Promise<T> {
  const found = await manager.findOneBy(entity, where);
  if (found) return found;
  return manager.save(entity, manager.create(entity, { ...where, ...values } as T));
}

export async function seedDemoData(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const company = await ensure(manager, Company, { name: DEMO_COMPANY });
    const project = await ensure(
      manager,
      Project,
      { name: DEMO_PROJECT },
      {
        companyId: company.id,
        kind: 'residential',
        areaSqm: 86_000,
      },
    );

    const departments = new Map<string, Department>();
    for (const seed of DEFAULT_DEPARTMENTS) {
      departments.set(
        seed.code,
        await ensure(
          manager,
          Department,
          { code: seed.code },
          { companyId: company.id, name: seed.name, dispatchMode: seed.dispatchMode },
        ),
      );
    }

    await seedHouses(manager, project);
    await seedRegister(manager, project);
    for (const kind of Object.keys(DEFAULT_CATEGORIES) as RequestKind[]) {
      await seedCategories(manager, kind, DEFAULT_CATEGORIES[kind], null, departments);
    }
    await seedDemoAccounts(manager, project, departments);
  });
}

async function seedHouses(manager: EntityManager, project: Project): Promise<void> {
  for (let b = 1; b <= DEMO_BUILDINGS; b++) {
    const building = await ensure(manager, Building, { projectId: project.id, name: `${b}栋` }, { sort: b });
    for (let u = 1; u <= DEMO_UNITS; u++) {
      const unit = await ensure(manager, Unit, { buildingId: building.id, name: `${u}单元` }, { sort: u });
      for (let floor = 1; floor <= DEMO_FLOORS; floor++) {
        for (let i = 1; i <= DEMO_ROOMS_PER_FLOOR; i++) {
          await ensure(
            manager,
            Room,
            { unitId: unit.id, name: demoRoomName(floor, i) },
            { projectId: project.id, buildingId: building.id, floor },
          );
        }
      }
    }
  }
}

/**
 * The register comes from the shipped sample file through the same import as the admin page
 * (issue 14.9), once: when the demo estate has no register yet. After that it is the company's
 * to change, and a restart leaves their imports alone.
 */
async function seedRegister(manager: EntityManager, project: Project): Promise<void> {
  const [held] = (await manager.query(
    'SELECT 1 FROM owner_register o JOIN room r ON r.id = o.room_id WHERE r.project_id = ? LIMIT 1',
    [project.id],
  )) as unknown[];
  if (held) return;
  await importRegisterFile(
    manager,
    project.id,
    { path: DEMO_REGISTER_FILE, fileName: 'owner-register-demo.xlsx', kind: 'xlsx' },
    new Date(),
  );
}

async function seedCategories(
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
    if (seed.children) await seedCategories(manager, kind, seed.children, category, departments);
  }
}

async function seedDemoAccounts(
  manager: EntityManager,
  project: Project,
  departments: Map<string, Department>,
): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const user = await ensure(
      manager,
      User,
      { openid: account.openid },
      { role: account.role, name: account.name, phone: account.phone, unionid: null },
    );
    if (account.department) {
      const member = await ensure(
        manager,
        StaffMember,
        { userId: user.id },
        {
          departmentId: departments.get(account.department)!.id,
          title: account.title!,
          onDuty: true,
        },
      );
      await manager.query('INSERT IGNORE INTO staff_member_project (staff_member_id, project_id) VALUES (?, ?)', [
        member.id,
        project.id,
      ]);
    }
  }
  for (const sql of BACKFILL_DEPARTMENT_SET_UP) await manager.query(sql);
  for (const demo of DEMO_BINDINGS) {
    const user = await manager.findOneByOrFail(User, { openid: demo.openid });
    const room = await manager
      .createQueryBuilder(Room, 'room')
      .innerJoin('room.building', 'building')
      .innerJoin('room.unit', 'unit')
      .where('room.project_id = :projectId AND building.name = :building AND unit.name = :unit AND room.name = :room', {
        projectId: project.id,
        ...demo,
      })
      .getOneOrFail();
    await ensure(
      manager,
      HouseBinding,
      { userId: user.id, roomId: room.id },
      {
        name: user.name,
        phone: user.phone!,
        status: 'bound',
        reviewedAt: new Date(),
      },
    );
  }
}
