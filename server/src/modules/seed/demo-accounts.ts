import type { DemoAccount, Role } from '@linli/shared';
import { ROLE_LABELS } from '@linli/shared';

export interface DemoAccountSeed extends DemoAccount {
  phone: string;
  /** Staff side: department code and job title. */
  department?: string;
  title?: string;
}

const account = (
  openid: string,
  name: string,
  role: Role,
  phone: string,
  description: string,
  staff?: { department: string; title: string },
): DemoAccountSeed => ({ openid, name, role, roleLabel: ROLE_LABELS[role], phone, description, ...staff });

/**
 * The demo accounts (README lists them). Their openids are fixed, so whichever WeChat endpoint
 * answers with one — the sandbox in development — logs in as that account.
 */
export const DEMO_ACCOUNTS: DemoAccountSeed[] = [
  account('demo-resident-1', '张伟', 'resident', '13800000001', '业主，已绑定 1栋1单元 101'),
  account('demo-resident-2', '李娜', 'resident', '13800000002', '业主，尚未绑定房屋（名册中是 2栋1单元 502）'),
  account('demo-repair-1', '王建国', 'staff', '13900000011', '工程维修部 水电维修工', {
    department: 'engineering',
    title: '水电维修工',
  }),
  account('demo-cleaner-1', '赵秀英', 'staff', '13900000012', '保洁部 保洁员', {
    department: 'cleaning',
    title: '保洁员',
  }),
  account('demo-supervisor-1', '刘强', 'supervisor', '13900000013', '工程维修部 主管', {
    department: 'engineering',
    title: '工程主管',
  }),
  account('demo-receptionist-1', '陈静', 'receptionist', '13900000014', '客服中心 接待员', {
    department: 'service_center',
    title: '客服接待员',
  }),
  account('demo-manager-1', '周敏', 'manager', '13900000015', '阳光花园 项目经理', {
    department: 'service_center',
    title: '项目经理',
  }),
  // Over the whole company: admins serve every project, so no department or project of their own.
  account('demo-admin-1', '孙立', 'admin', '13900000016', '公司管理员（全公司：成员、邀请、操作记录）'),
];

export const DEMO_BINDINGS: { openid: string; building: string; unit: string; room: string }[] = [
  { openid: 'demo-resident-1', building: '1栋', unit: '1单元', room: '101' },
];
