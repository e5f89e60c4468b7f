/** Versioned API routes live under /api/v1; pages (later) and /health do not. */
export const API_PREFIX = 'api/v1';

export function apiPath(path: string): string {
  return `${API_PREFIX}/${path}`;
}
