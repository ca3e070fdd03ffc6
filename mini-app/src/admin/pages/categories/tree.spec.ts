import type { CategoryAdminNode } from '@linli/shared';
import { findNode, moveTargets, unstaffedSummary, unstaffedText, visibleRows } from './tree';

const node = (id: number, name: string, children: CategoryAdminNode[] = [], parentId: number | null = null) =>
  ({
    id,
    parentId,
    kind: 'repair',
    name,
    active: true,
    defaultGrade: 'C',
    defaultDepartmentId: null,
    defaultDepartmentName: null,
    requestCount: 0,
    unstaffed: [],
    routes: [],
    children,
  }) as CategoryAdminNode;

const tree = [node(1, '公区', [node(2, '照明', [node(3, '楼道灯', [], 2)], 1)]), node(4, '户内')];

describe('category tree rows', () => {
  it('shows roots, and children only under expanded nodes', () => {
    expect(visibleRows(tree, new Set()).map((row) => row.node.id)).toEqual([1, 4]);
    const rows = visibleRows(tree, new Set([1, 2]));
    expect(rows.map((row) => [row.node.id, row.depth])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 0],
    ]);
    expect(rows[0]).toMatchObject({ hasChildren: true, expanded: true });
  });

  it('offers as new parents neither the node, its descendants, nor its current parent', () => {
    const moving = findNode(tree, 2)!;
    expect(moveTargets(tree, moving).map((target) => target.label)).toEqual(['户内']);
    expect(moveTargets(tree, findNode(tree, 4)!).map((target) => target.id)).toEqual([1, 2, 3]);
  });

  it('explains the red flag per project', () => {
    const red = {
      ...node(5, '电梯'),
      unstaffed: [{ projectId: 1, projectName: '阳光花园', departmentName: '工程部' }],
    };
    expect(unstaffedText(red)).toBe('阳光花园：工程部暂无可派人员');
    expect(unstaffedSummary(red)).toBe('阳光花园：工程部暂无可派人员');
  });

  it('counts the projects on the row once there are more than two', () => {
    const projects = ['阳光花园', '东区', '西区', '南区'];
    const red = {
      ...node(6, '电梯'),
      unstaffed: projects.map((projectName, index) => ({
        projectId: index + 1,
        projectName,
        departmentName: '工程部',
      })),
    };
    expect(unstaffedSummary(red)).toBe('阳光花园、东区 等 4 个项目：工程部暂无可派人员');
    expect(unstaffedText(red).split('；')).toHaveLength(4);
  });
});
