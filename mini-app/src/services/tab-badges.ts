import { approvalCount } from './approvals';

/**
 * The 管理 tab's badge: approvals waiting for the caller. Shared by every tab page's bar (and,
 * in the mini-program, the custom-tab-bar component WeChat keeps per tab page), so it lives here.
 */
let pending: number | null = null;
let latestFetch = 0;
const listeners = new Set<(count: number | null) => void>();

export function currentPending(): number | null {
  return pending;
}

export function onPendingChange(listener: (count: number | null) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function setPending(count: number | null): void {
  pending = count;
  for (const listener of listeners) listener(count);
}

/** Fetches the count; null when that failed (the old badge stays). A newer answer wins. */
export async function refreshPending(): Promise<number | null> {
  const call = ++latestFetch;
  try {
    const count = await approvalCount();
    if (call === latestFetch) setPending(count);
    return count;
  } catch {
    return null;
  }
}

/** Logged out: the next account must not see this one's badge. */
export function forgetPending(): void {
  latestFetch++;
  setPending(null);
}

/** The tab page on show, so the bar WeChat draws for it marks the right tab. */
let activeTab: string | null = null;
const tabListeners = new Set<(page: string | null) => void>();

export function currentTab(): string | null {
  return activeTab;
}

export function setActiveTab(page: string): void {
  activeTab = page;
  for (const listener of tabListeners) listener(page);
}

export function onActiveTabChange(listener: (page: string | null) => void): () => void {
  tabListeners.add(listener);
  return () => {
    tabListeners.delete(listener);
  };
}
