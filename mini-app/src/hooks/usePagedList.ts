import { useCallback, useRef, useState } from 'react';
import type { ListPage, Page } from '@linli/shared';

/** What a list endpoint answers: page numbers (`Page`) or a cursor (`ListPage`, the request lists). */
export type AnyPage<T> = Page<T> | ListPage<T>;

export interface PagedList<T> {
  items: T[];
  total: number;
  /** The total stopped counting at the server's cap: show it as "1000+". */
  totalCapped: boolean;
  /** First page loading (or reloading). */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** Error of the last "load more" (the items already shown stay). */
  moreError: unknown;
  hasMore: boolean;
  /** Loaded at least once. */
  loaded: boolean;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

const isCursorPage = <T>(page: AnyPage<T>): page is ListPage<T> => 'next' in page;

/**
 * A list loaded page by page. `fetchPage(page, cursor)`: cursor lists get the `next` of the
 * page before (null for the first) and page on with it; the others get the page number.
 */
export function usePagedList<T>(fetchPage: (page: number, cursor: string | null) => Promise<AnyPage<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [totalCapped, setTotalCapped] = useState(false);
  const [page, setPage] = useState(0);
  /** The cursor of the next page; undefined for page-numbered lists. */
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);
  const busy = useRef(false);

  const take = (result: AnyPage<T>) => {
    setTotal(result.total);
    setTotalCapped(isCursorPage(result) ? result.totalCapped : false);
    setNext(isCursorPage(result) ? result.next : undefined);
  };

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    busy.current = true;
    setLoading(true);
    setError(undefined);
    setMoreError(undefined);
    try {
      const result = await fetchRef.current(1, null);
      if (gen !== generation.current) return;
      setItems(result.items);
      take(result);
      setPage(1);
      setLoaded(true);
    } catch (err) {
      if (gen === generation.current) setError(err);
    } finally {
      if (gen === generation.current) {
        setLoading(false);
        busy.current = false;
      }
    }
  }, []);

  // A cursor list ends when the server says so: its total may be capped, or move meanwhile.
  const hasMore = loaded && (next === undefined ? items.length < total : next !== null);

  const loadMore = useCallback(async () => {
    if (busy.current || !hasMore) return;
    const gen = generation.current;
    busy.current = true;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const result = await fetchRef.current(page + 1, next ?? null);
      if (gen !== generation.current) return;
      setItems((previous) => {
        const seen = new Set(previous.map((item) => (item as { id?: unknown }).id));
        return [...previous, ...result.items.filter((item) => !seen.has((item as { id?: unknown }).id))];
      });
      take(result);
      setPage(page + 1);
    } catch (err) {
      if (gen === generation.current) setMoreError(err);
    } finally {
      if (gen === generation.current) {
        setLoadingMore(false);
        busy.current = false;
      }
    }
  }, [hasMore, page, next]);

  return { items, total, totalCapped, loading, loadingMore, error, moreError, hasMore, loaded, reload, loadMore };
}
