import { client, setAntiforgeryToken, setApiToken } from '../api/client';
import type { Session } from '../api/types';

export type { Session };
export type Role = 'viewer' | 'operator' | 'admin';

export async function loadSession(): Promise<Session> {
  const { data } = await client.GET('/auth/me');
  setAntiforgeryToken(data!.antiforgeryToken);
  return data!;
}

export async function signOut(session: Session): Promise<void> {
  setApiToken(null);
  if (session.via === 'cookie') await client.POST('/auth/logout');
}

const rank: Record<string, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(session: Session, role: Role): boolean {
  return session.role !== null && (rank[session.role] ?? 0) >= rank[role];
}
