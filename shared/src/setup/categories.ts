import { z } from 'zod';
import { GRADES, REQUEST_KINDS, type Grade, type RequestKind } from '../kinds';
import { id, text } from '../schemas/fields';

/** 分类与派单 (issue 14 §6): the tree an admin edits, and a project's own routes. */
export const categoryCreateSchema = z.object({
  kind: z.enum(REQUEST_KINDS, { error: '类型只能是投诉、报修或建议' }),
  parentId: id('上级分类').nullable().default(null),
  name: text('分类名称', { max: 50 }),
  defaultDepartmentId: id('默认部门').nullable().default(null),
  defaultGrade: z.enum(GRADES, { error: '等级只能是 A–E' }).default('C'),
});
export type CategoryCreateInput = z.output<typeof categoryCreateSchema>;

export const categoryUpdateSchema = z
  .object({
    name: text('分类名称', { max: 50 }),
    /** Moving: a new parent of the same kind, never one of its own descendants; null = top level. */
    parentId: id('上级分类').nullable(),
    defaultDepartmentId: id('默认部门').nullable(),
    defaultGrade: z.enum(GRADES, { error: '等级只能是 A–E' }),
    active: z.boolean({ error: '启用状态无效' }),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的内容' });
export type CategoryUpdateInput = z.output<typeof categoryUpdateSchema>;

/** A project's own department for a category; null removes the override (the tree's default applies). */
export const categoryRouteSchema = z.object({ departmentId: id('部门').nullable() });
export type CategoryRouteInput = z.output<typeof categoryRouteSchema>;

export interface CategoryRouteView {
  projectId: number;
  projectName: string;
  departmentId: number;
  departmentName: string;
  /** Nobody in that department serves this project and can take a request. */
  unstaffed: boolean;
}

export interface CategoryAdminNode {
  id: number;
  parentId: number | null;
  kind: RequestKind;
  name: string;
  active: boolean;
  defaultGrade: Grade;
  defaultDepartmentId: number | null;
  defaultDepartmentName: string | null;
  /** Requests filed under it: a used category is disabled, never deleted. */
  requestCount: number;
  /**
   * 无人可派: the projects (of those the viewer administers) in which this category's requests
   * would reach a department with nobody dispatchable, with why. Empty when every route is staffed.
   */
  unstaffed: Array<{ projectId: number; projectName: string; departmentName: string }>;
  routes: CategoryRouteView[];
  children: CategoryAdminNode[];
}

/** The tree of one kind, with the projects whose routes the viewer may set (a manager: their own). */
export interface CategoryAdminTree {
  projects: Array<{ id: number; name: string }>;
  categories: CategoryAdminNode[];
}
