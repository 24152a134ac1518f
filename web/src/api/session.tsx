import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type ApiError, VigilApi } from './client.js';

const TOKEN_KEY = 'vigil.token';

interface Session {
  token: string | null;
  api: VigilApi;
  /** Why the last session ended (a rejected token), shown on the sign-in page. */
  endedBecause: string | null;
  signIn(token: string): void;
  signOut(reason?: string): void;
}

const SessionContext = createContext<Session | null>(null);

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    localStorage.removeItem(TOKEN_KEY);
    setEndedBecause(reason ?? null);
    setToken(null);
  }, []);
  const signIn = useCallback((t: string) => {
    localStorage.setItem(TOKEN_KEY, t);
    setEndedBecause(null);
    setToken(t);
  }, []);

  const api = useMemo(
    () =>
      new VigilApi({
        token: token ?? '',
        onUnauthorized: (e: ApiError) => signOut(`Signed out: ${e.message}`),
      }),
    [token, signOut],
  );
  const value = useMemo(
    () => ({ token, api, endedBecause, signIn, signOut }),
    [token, api, endedBecause, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export const useApi = (): VigilApi => useSession().api;
