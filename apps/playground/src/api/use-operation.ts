import { useCallback, useEffect, useRef, useState } from 'react';

/** Where an asynchronous request is. */
export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'success'; data: T }
  | { status: 'error'; error: Error };

/** Runs `load` now and whenever `deps` change (aborting the previous run); `reload` runs it again. */
export function useQuery<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  enabled = true,
): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: enabled ? 'loading' : 'idle' });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (!enabled) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ status: 'loading' });
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asError(error) });
      },
    );
    return () => controller.abort();
    // deps are the caller's; load is read through a ref so a new closure alone does not refetch.
  }, [...deps, tick, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** An on-demand request (a button): `run(...)` starts it; a newer run supersedes an older one. */
export function useAction<T, A extends unknown[]>(
  action: (...args: A) => Promise<T>,
): { state: AsyncState<T>; run: (...args: A) => Promise<T | undefined>; reset: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'idle' });
  const generation = useRef(0);
  const actionRef = useRef(action);
  actionRef.current = action;
  const run = useCallback(async (...args: A): Promise<T | undefined> => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    try {
      const data = await actionRef.current(...args);
      if (mine === generation.current) setState({ status: 'success', data });
      return data;
    } catch (error) {
      if (mine === generation.current) setState({ status: 'error', error: asError(error) });
      return undefined;
    }
  }, []);
  const reset = useCallback(() => {
    generation.current++;
    setState({ status: 'idle' });
  }, []);
  return { state, run, reset };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
