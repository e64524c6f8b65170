/**
 * Loading state for one piece of data: `const items = loader((signal) => api.get(...))`, then
 * `items.load()` (e.g. in an $effect that reads the filters). A newer load cancels an older one.
 */
export interface Loader<T> {
  readonly data: T | undefined;
  readonly loading: boolean;
  readonly error: unknown;
  load: () => Promise<void>;
}

export function loader<T>(fetcher: (signal: AbortSignal) => Promise<T>): Loader<T> {
  const state = $state<{ data: T | undefined; loading: boolean; error: unknown }>({ data: undefined, loading: true, error: null });
  let controller: AbortController | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    state.loading = true;
    state.error = null;
    try {
      const data = await fetcher(mine.signal);
      if (controller === mine) state.data = data;
    } catch (e) {
      if (controller === mine && (e as Error)?.name !== 'AbortError') state.error = e;
    } finally {
      if (controller === mine) state.loading = false;
    }
  }

  return {
    get data() { return state.data; },
    get loading() { return state.loading; },
    get error() { return state.error; },
    load,
  };
}
