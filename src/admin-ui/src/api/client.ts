// One client for the whole app, typed from the service's OpenAPI document (schema.d.ts is generated at every build).
// A pasted API token (sessionStorage) goes as a bearer token; otherwise the session cookie is sent and every mutating
// request carries the antiforgery token the host handed out in /auth/me.
import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import { QueryClient } from '@tanstack/react-query';
import type { paths } from './schema';

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

export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended: sign in again.');
  }
}

let onSessionEnded: (() => void) | null = null;

/** Who hears that the session ended (an expired cookie): the app asks to sign in again instead of reloading the page. */
export function whenSessionEnds(handler: (() => void) | null): void {
  onSessionEnded = handler;
}

const credentials: Middleware = {
  onRequest({ request }) {
    const token = apiToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    else if (request.method !== 'GET') request.headers.set('X-XSRF-TOKEN', antiforgeryToken);
    return request;
  },
};

/** Every answer that is not a success becomes an ApiError carrying the server's own words (problem details). */
const problems: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return response;
    const text = await response.clone().text();
    let json: { detail?: string; title?: string; errors?: Record<string, string[]> } | undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    throw new ApiError(
      response.status,
      json?.detail ?? json?.title ?? `${response.status} ${response.statusText}`,
      json?.errors ?? {},
    );
  },
};

// A session that ended (expired cookie, revoked token) sends the app back to the sign-in page.
const sessionEnds: Middleware = {
  onResponse({ request, response }) {
    if (response.status !== 401 || !new URL(request.url).pathname.startsWith('/api/')) return response;
    setApiToken(null);
    if (!onSessionEnded) window.location.reload();
    onSessionEnded?.();
    throw new SessionEndedError();
  },
};

// Checks that must not interrupt (the designer validating as you type) only learn that the session ended.
const sessionEndsQuietly: Middleware = {
  onResponse({ response }) {
    if (response.status === 401) throw new SessionEndedError();
    return response;
  },
};

function fetchClient(onSignedOut: Middleware) {
  const client = createFetchClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
  // Middleware sees answers in reverse order: the 401 check runs before the generic problem.
  client.use(credentials, problems, onSignedOut);
  return client;
}

export const client = fetchClient(sessionEnds);
export const quietClient = fetchClient(sessionEndsQuietly);

/** TanStack Query hooks over the typed client: `$api.useQuery('get', '/api/runs/{id}', ...)`. */
export const $api = createQueryClient(client);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A session that ended is not retried: the app asks to sign in again.
      retry: (failures, error) =>
        !(error instanceof SessionEndedError) && !(error instanceof ApiError && error.status < 500) && failures < 3,
      refetchOnWindowFocus: false,
    },
  },
});

/** The message to show for a failed query or mutation. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Refetches every query of these GET paths (all their parameters): what a mutation changed. */
export function invalidate(...paths: (keyof paths)[]): Promise<void> {
  return Promise.all(paths.map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] }))).then(() => {});
}
