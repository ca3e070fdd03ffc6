import type { CategoryNode } from '@linli/shared';

/** The nodes chosen along `path`, level by level (stops at an id that is not there). */
export function walkCategories(tree: CategoryNode[], path: number[]): CategoryNode[] {
  const chosen: CategoryNode[] = [];
  let level = tree;
  for (const id of path) {
    const node = level.find((candidate) => candidate.id === id);
    if (!node) break;
    chosen.push(node);
    level = node.children ?? [];
  }
  return chosen;
}

/** The chosen category when it is a leaf of the tree, else null. */
export function chosenLeaf(tree: CategoryNode[], path: number[]): CategoryNode | null {
  const chosen = walkCategories(tree, path);
  const leaf = chosen[chosen.length - 1];
  return leaf && (leaf.children ?? []).length === 0 ? leaf : null;
}
