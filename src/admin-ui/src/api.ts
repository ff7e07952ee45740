// One fetch wrapper for the whole app: a pasted API token (sessionStorage) goes as a bearer token; otherwise the
// session cookie is sent and every mutating request carries the antiforgery token the host handed out in /auth/me.

const tokenKey = 'ao.apiToken';
let antiforgeryToken = '';

export function apiToken(): string | null {
  return sessionStorage.getItem(tokenKey);
}

export function setApiToken(token: string | null): void {
  if (token) sessionStorage.setItem(tokenKey, token);
  else sessionStorage.removeItem(tokenKey);
}

export function setAntiforgeryToken(token: string): void {
  antiforgeryToken = token;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly errors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

let onSessionEnded: (() => void) | null = null;

/** Who hears that the session ended (an expired cookie): the app asks to sign in again instead of reloading the page. */
export function whenSessionEnds(handler: (() => void) | null): void {
  onSessionEnded = handler;
}

export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended: sign in again.');
  }
}

/**
 * Calls the API. A 401 means the session ended: by default the app is told (or, without a listener, the page reloads
 * to the sign-in page); `quietWhenSignedOut` only throws SessionEndedError, for background calls that must not interrupt.
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options?: { quietWhenSignedOut?: boolean },
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = apiToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (method !== 'GET') headers['X-XSRF-TOKEN'] = antiforgeryToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A session that ended (expired cookie, revoked token) sends the app back to the sign-in page.
  if (response.status === 401 && path.startsWith('/api/')) {
    if (options?.quietWhenSignedOut) throw new SessionEndedError();
    setApiToken(null);
    if (!onSessionEnded) window.location.reload();
    onSessionEnded?.();
    throw new SessionEndedError();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const message = json?.detail ?? json?.title ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message, json?.errors ?? {});
  }
  return json as T;
}
