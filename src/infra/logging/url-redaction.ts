/**
 * Links that work as a password until used (an invitation's or a password reset's token): a log line keeps where,
 * not the secret.
 */
const SECRET_PATH_SEGMENTS = /(\/(?:invitations|password-reset)\/)[A-Za-z0-9_-]{43}(?=[/?#]|$)/g;

export function withoutSecrets(url: string): string {
  return url.replace(SECRET_PATH_SEGMENTS, '$1[Redacted]');
}

/** pino's serialized request without such secrets: in the URL, and in the route parameters taken from it. */
export function redactRequest<T extends { url: string; params?: unknown }>(request: T): T {
  const url = withoutSecrets(request.url);
  return url === request.url ? request : Object.assign(request, { url, params: '[Redacted]' });
}
