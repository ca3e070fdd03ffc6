/** Who uses Linli (DOMAIN.md, "People"). */
export const ROLES = ['resident', 'receptionist', 'staff', 'supervisor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  resident: '业主',
  receptionist: '客服接待',
  staff: '维修/服务人员',
  supervisor: '部门主管',
  manager: '项目经理',
  admin: '公司管理员',
};

/** Everyone who works for the property company, as opposed to residents. */
export const STAFF_SIDE_ROLES: readonly Role[] = ['receptionist', 'staff', 'supervisor', 'manager', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
