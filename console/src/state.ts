import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import type { Api, Session } from './api.ts';

export type AppContext = {
  api: Api;
  session: Session;
  /** The port the screens show (a user of one port has no choice; an admin names one). */
  port: string;
  setPort(port: string): void;
};

export const App = createContext<AppContext | undefined>(undefined);
export function useApp(): AppContext {
  const app = useContext(App);
  if (!app) throw new Error('useApp outside a signed-in session');
  return app;
}

export const can = {
  triage: (s: Session) => s.roles.includes('analyst') || s.roles.includes('admin'),
  recordOutcome: (s: Session) => s.roles.includes('officer') || s.roles.includes('admin'),
  upload: (s: Session) => s.roles.length > 0,
};

export type Loaded<T> = { data?: T; error?: unknown; loading: boolean; reload(): void };

/** Loads once per change of `deps`; a later answer replaces an earlier one, never the reverse. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
