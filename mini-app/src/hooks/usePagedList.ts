import { useCallback, useRef, useState } from 'react';
import type { Page } from '@linli/shared';

export interface PagedList<T> {
  items: T[];
  total: number;
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

/** A paginated list (`{items, total, page, pageSize}`) loaded page by page. */
export function usePagedList<T>(fetchPage: (page: number) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);
  const busy = useRef(false);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    busy.current = true;
    setLoading(true);
    setError(undefined);
    setMoreError(undefined);
    try {
      const result = await fetchRef.current(1);
      if (gen !== generation.current) return;
      setItems(result.items);
      setTotal(result.total);
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

  const hasMore = loaded && items.length < total;

  const loadMore = useCallback(async () => {
    if (busy.current || !hasMore) return;
    const gen = generation.current;
    busy.current = true;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const result = await fetchRef.current(page + 1);
      if (gen !== generation.current) return;
      setItems((previous) => {
        const seen = new Set(previous.map((item) => (item as { id?: unknown }).id));
        return [...previous, ...result.items.filter((item) => !seen.has((item as { id?: unknown }).id))];
      });
      setTotal(result.total);
      setPage(result.page);
    } catch (err) {
      if (gen === generation.current) setMoreError(err);
    } finally {
      if (gen === generation.current) {
        setLoadingMore(false);
        busy.current = false;
      }
    }
  }, [hasMore, page]);

  return { items, total, loading, loadingMore, error, moreError, hasMore, loaded, reload, loadMore };
}
