import type { Grade, RequestKind } from '@linli/shared';

export interface CategorySeed {
  name: string;
  /** Department code; children without one inherit their parent's. */
  department?: string;
  grade?: Grade;
  children?: CategorySeed[];
}

/**
 * The set-up every company starts from (DOMAIN.md), installed with the company itself
 * (`company-set-up.ts`: by `npm run invite-admin` on a new install, by the demo seed for the demo).
 * The departments of DOMAIN.md: the service desk plus seed 000's repair-handling departments.
 */
export const DEFAULT_DEPARTMENTS = [
  { code: 'service_center', name: '客服中心', dispatchMode: 'supervisor' },
  { code: 'engineering', name: '工程维修部', dispatchMode: 'supervisor' },
  { code: 'electromechanical', name: '机电部', dispatchMode: 'auto' },
  { code: 'security', name: '秩序维护部', dispatchMode: 'supervisor' },
  { code: 'cleaning', name: '保洁部', dispatchMode: 'claim' },
  { code: 'greening', name: '绿化部', dispatchMode: 'claim' },
  { code: 'pest_control', name: '消杀组', dispatchMode: 'supervisor' },
  { code: 'fee_collection', name: '管理费收缴组', dispatchMode: 'supervisor' },
] as const;

/** Default category trees (DOMAIN.md "Categories"): seed 002's service classes and developer ledger classes. */
export const DEFAULT_CATEGORIES: Record<RequestKind, CategorySeed[]> = {
  complaint: [
    {
      name: '房屋管理',
      department: 'engineering',
      children: [
        { name: '房屋渗漏', grade: 'A' },
        { name: '墙体开裂', grade: 'A' },
        { name: '装修管理' },
        { name: '公共部位维护' },
      ],
    },
    {
      name: '设备管理',
      department: 'electromechanical',
      children: [
        { name: '电梯' },
        { name: '给排水' },
        { name: '供电照明' },
        { name: '消防设施', department: 'security' },
        { name: '空调暖通' },
      ],
    },
    {
      name: '安全管理',
      department: 'security',
      children: [{ name: '门岗与出入' }, { name: '车辆停放' }, { name: '巡逻与监控' }],
    },
    {
      name: '环境管理',
      department: 'cleaning',
      children: [
        { name: '保洁卫生' },
        { name: '绿化养护', department: 'greening' },
        { name: '虫害消杀', department: 'pest_control' },
        { name: '垃圾清运' },
        { name: '噪音扰民', department: 'security' },
      ],
    },
    {
      name: '综合服务',
      department: 'service_center',
      children: [
        { name: '服务态度' },
        { name: '家政服务' },
        { name: '收费问题', department: 'fee_collection' },
        { name: '社区活动' },
      ],
    },
    { name: '业户纠纷', department: 'service_center' },
    {
      name: '地产相关',
      department: 'service_center',
      children: [
        { name: '产品缺陷' },
        { name: '客户服务' },
        { name: '工程质量' },
        { name: '规划设计' },
        { name: '物业服务' },
        { name: '营销管理' },
        { name: '其他' },
      ],
    },
  ],
  repair: [
    {
      name: '入户维修',
      department: 'engineering',
      children: [
        { name: '水电维修' },
        { name: '门窗五金' },
        { name: '墙面地面' },
        { name: '燃气暖通', department: 'electromechanical' },
      ],
    },
    {
      name: '公共维修',
      department: 'engineering',
      children: [
        { name: '公共照明', department: 'electromechanical' },
        { name: '电梯故障', department: 'electromechanical' },
        { name: '公共给排水' },
        { name: '门禁对讲', department: 'electromechanical' },
        { name: '消防设施', department: 'security' },
      ],
    },
  ],
  suggestion: [
    { name: '服务建议', department: 'service_center', grade: 'E' },
    { name: '业务咨询', department: 'service_center', grade: 'E' },
  ],
};

/** Repairs and suggestions are not complaints; their grade is the lowest unless configured. */
export const DEFAULT_GRADE: Record<RequestKind, Grade> = { complaint: 'C', repair: 'E', suggestion: 'E' };
