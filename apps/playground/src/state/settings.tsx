import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** App-wide choices, kept in localStorage so a reload keeps them. */
export interface Settings {
  /** API key for mutations (world building, fooling images); reads need none. */
  apiKey: string;
  setApiKey: (key: string) => void;
  /** The world the pages use (id or name), shared so a world made on the Worlds page is used everywhere. */
  world: string;
  setWorld: (world: string) => void;
}

const SettingsContext = createContext<Settings | undefined>(undefined);

const KEY_STORAGE = 'clusterflow.apiKey';
const WORLD_STORAGE = 'clusterflow.world';
/** The gateway builds this world from its bundled samples on first start. */
export const DEFAULT_WORLD = 'demo';

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [apiKey, setApiKeyState] = useState(() => read(KEY_STORAGE) ?? '');
  const [world, setWorldState] = useState(() => read(WORLD_STORAGE) ?? DEFAULT_WORLD);
  const setApiKey = useCallback((key: string) => {
    setApiKeyState(key);
    write(KEY_STORAGE, key);
  }, []);
  const setWorld = useCallback((id: string) => {
    setWorldState(id);
    write(WORLD_STORAGE, id);
  }, []);
  const value = useMemo(() => ({ apiKey, setApiKey, world, setWorld }), [apiKey, setApiKey, world, setWorld]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): Settings {
  const settings = useContext(SettingsContext);
  if (settings === undefined) throw new Error('useSettings() must be used inside <SettingsProvider>.');
  return settings;
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private mode or storage disabled: the choice just isn't remembered.
  }
}
