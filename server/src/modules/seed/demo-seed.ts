import type { DataSource, EntityManager } from 'typeorm';
import { join } from 'node:path';
import { Building } from '../houses/building.entity';
import { HouseBinding } from '../houses/house-binding.entity';
import { Room } from '../houses/room.entity';
import { Unit } from '../houses/unit.entity';
import { ensure, installStandardSetUp } from '../organization/company-set-up';
import { Company } from '../organization/company.entity';
import type { Department } from '../organization/department.entity';
import { Project } from '../organization/project.entity';
import { StaffMember } from '../organization/staff-member.entity';
import { BACKFILL_DEPARTMENT_SET_UP } from '../../database/migrations/1766000000000-estate-admin';
import { importRegisterFile } from '../owner-register/owner-register.service';
import { User } from '../users/user.entity';
import { DEMO_ACCOUNTS, DEMO_BINDINGS } from './demo-accounts';
import { DEMO_BUILDINGS, DEMO_FLOORS, DEMO_ROOMS_PER_FLOOR, DEMO_UNITS, demoRoomName } from './demo-register';

export const DEMO_COMPANY = '阳光物业服务有限公司';
export const DEMO_PROJECT = '阳光花园';
/** The demo estate's register as shipped; imported through the admin page's pipeline. */
export const DEMO_REGISTER_FILE = join(__dirname, '../../../samples/owner-register-demo.xlsx');

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

    // The company's standard departments and categories, as a new install gets them (invite-admin).
    const departments = await installStandardSetUp(manager, company.id);

    await seedHouses(manager, project);
    await seedRegister(manager, project);
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
