import type { CategoryAdminNode } from '@linli/shared';

export interface TreeRow {
  node: CategoryAdminNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

/** The rows shown: every root, and the children of each expanded node, depth-first. */
export function visibleRows(roots: CategoryAdminNode[], expanded: ReadonlySet<number>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: CategoryAdminNode[], depth: number) => {
    for (const node of nodes) {
      const open = expanded.has(node.id);
      rows.push({ node, depth, hasChildren: node.children.length > 0, expanded: open });
      if (open) walk(node.children, depth + 1);
    }
  };
  walk(roots, 0);
  return rows;
}

export function findNode(roots: CategoryAdminNode[], id: number): CategoryAdminNode | null {
  for (const node of roots) {
    if (node.id === id) return node;
    const below = findNode(node.children, id);
    if (below) return below;
  }
  return null;
}

/** Where a node may move: any node of the tree except itself and what is below it (the server checks too). */
export function moveTargets(
  roots: CategoryAdminNode[],
  moving: CategoryAdminNode,
): Array<{ id: number; label: string }> {
  const targets: Array<{ id: number; label: string }> = [];
  const walk = (nodes: CategoryAdminNode[], trail: string[]) => {
    for (const node of nodes) {
      if (node.id === moving.id) continue;
      const path = [...trail, node.name];
      if (node.id !== moving.parentId) targets.push({ id: node.id, label: path.join(' / ') });
      walk(node.children, path);
    }
  };
  walk(roots, []);
  return targets;
}

/** Why a node is red, in words: "阳光花园：工程部暂无可派人员". */
export function unstaffedText(node: CategoryAdminNode): string {
  return node.unstaffed.map((item) => `${item.projectName}：${item.departmentName}暂无可派人员`).join('；');
}

/**
 * The same on the tree's row, kept to one or two lines however many projects a company has: the
 * first `shown` projects and how many in all ("阳光花园、东区 等 23 个项目：工程部暂无可派人员");
 * the node's sheet lists each one (unstaffedText).
 */
export function unstaffedSummary(node: CategoryAdminNode, shown = 2): string {
  const projects = node.unstaffed.map((item) => item.projectName);
  if (projects.length <= shown) return unstaffedText(node);
  const departments = [...new Set(node.unstaffed.map((item) => item.departmentName))];
  return `${projects.slice(0, shown).join('、')} 等 ${projects.length} 个项目：${departments.join('、')}暂无可派人员`;
}
