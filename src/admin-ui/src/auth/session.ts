import { api, setAntiforgeryToken, setApiToken } from '../api';

export type Role = 'viewer' | 'operator' | 'admin';

export interface Session {
  authenticated: boolean;
  name: string | null;
  role: Role | null;
  demo: boolean;
  via: 'cookie' | 'token' | null;
  antiforgeryToken: string;
  gitLabSignIn: boolean;
  demoSignIn: boolean;
  /** Null where the designer may start test runs (only where the vendors are simulated); else why not, in the server's words. */
  testRunRefusal: string | null;
}

export async function loadSession(): Promise<Session> {
  const session = await api<Session>('GET', '/auth/me');
  setAntiforgeryToken(session.antiforgeryToken);
  return session;
}

export async function signOut(session: Session): Promise<void> {
  setApiToken(null);
  if (session.via === 'cookie') await api('POST', '/auth/logout');
}

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(session: Session, role: Role): boolean {
  return session.role !== null && rank[session.role] >= rank[role];
}
