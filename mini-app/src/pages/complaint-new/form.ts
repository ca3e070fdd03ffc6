import type { CategoryNode } from '@linli/shared';
import { pickedToShanghaiIso, type PickedTime } from '../../utils/time';

/** What the complaint page keeps while the resident types. */
export interface ComplaintFormState {
  houseBindingId: number | null;
  /** Chosen category at each level of the tree; the last one must be a leaf. */
  categoryPath: number[];
  content: string;
  occurredPlace: string;
  occurredAt: PickedTime | null;
  demand: string;
  contactName: string;
  contactPhone: string;
}

export const EMPTY_COMPLAINT_FORM: ComplaintFormState = {
  houseBindingId: null,
  categoryPath: [],
  content: '',
  occurredPlace: '',
  occurredAt: null,
  demand: '',
  contactName: '',
  contactPhone: '',
};

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

/**
 * The body to validate with `complaintFormSchema` and send: missing choices stay undefined (so
 * the schema names them), empty optional text becomes null, the picked time is Shanghai time.
 */
export function toComplaintInput(form: ComplaintFormState, tree: CategoryNode[]) {
  return {
    kind: 'complaint' as const,
    houseBindingId: form.houseBindingId ?? undefined,
    categoryId: chosenLeaf(tree, form.categoryPath)?.id,
    content: form.content,
    occurredAt: form.occurredAt ? pickedToShanghaiIso(form.occurredAt) : null,
    occurredPlace: form.occurredPlace.trim() || null,
    demand: form.demand.trim() || null,
    contactName: form.contactName,
    contactPhone: form.contactPhone,
  };
}
