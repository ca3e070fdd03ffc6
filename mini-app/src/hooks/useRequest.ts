import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface UseRequestOptions {
  /** Don't run on mount / when deps change; call `refresh()` yourself. */
  manual?: boolean;
  /** Run only while true (e.g. a parent id is chosen). Default true. */
  ready?: boolean;
}

export interface UseRequestResult<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the request again; resolves with the data, or undefined when it failed. */
  refresh: () => Promise<T | undefined>;
  /** Replaces the data locally (e.g. after a mutation answered with the new value). */
  mutate: (data: T | undefined) => void;
}

/**
 * Loading, error, data and refresh for one service call (in the spirit of taro-hooks'
 * useRequest). Answers that arrive after a newer call started are dropped.
 */
export function useRequest<T>(
  fetcher: () => Promise<T>,
  deps: DependencyList = [],
  options: UseRequestOptions = {},
): UseRequestResult<T> {
  const { manual = false, ready = true } = options;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState<boolean>(!manual && ready);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const callId = useRef(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refresh = useCallback(async (): Promise<T | undefined> => {
    const id = ++callId.current;
    setLoading(true);
    setError(undefined);
    try {
      const result = await fetcherRef.current();
      if (mounted.current && id === callId.current) {
        setData(result);
        setLoading(false);
      }
      return result;
    } catch (err) {
      if (mounted.current && id === callId.current) {
        setError(err);
        setLoading(false);
      }
      return undefined;
    }
  }, []);

  useEffect(() => {
    if (manual) return;
    if (!ready) {
      callId.current++;
      setData(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    void refresh();
  }, [manual, ready, refresh, ...deps]);

  return { data, error, loading, refresh, mutate: setData };
}
