import { useEffect, useState } from 'preact/hooks';
import type { AuthResult, User } from './types';

/** The signed-in principal. The access token lives here, in memory only; the refresh token is an httpOnly cookie. */
export interface Session {
  accessToken: string;
  user: User;
}

let current: Session | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/** The current session, or null when signed out. */
export function getSession(): Session | null {
  return current;
}

/** Store the result of a sign-in, registration or refresh. */
export function setSession(result: AuthResult): Session {
  current = { accessToken: result.accessToken, user: result.user };
  notify();
  return current;
}

/** Forget the in-memory token and user (the caller decides whether to tell the server). */
export function clearSession(): void {
  if (current === null) return;
  current = null;
  notify();
}

/** Re-render the calling component whenever the session changes. */
export function useSession(): Session | null {
  const [session, setLocal] = useState(current);
  useEffect(() => {
    const listener = () => setLocal(current);
    listeners.add(listener);
    listener();
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return session;
}
