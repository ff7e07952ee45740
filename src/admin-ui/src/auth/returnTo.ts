// Signing in with GitLab leaves the app and comes back to its home page: the page the user was on is kept for the return.

const key = 'ao.returnTo';

export function rememberReturn(): void {
  if (window.location.hash) sessionStorage.setItem(key, window.location.hash);
}

export function returnAfterSignIn(): void {
  const hash = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  if (hash && hash !== window.location.hash) window.location.hash = hash;
}
