import type { Request } from 'express';

/** The id the request logger gave this request, for log lines, audit entries and error bodies. */
export function requestIdOf(request: Request): string {
  const id: unknown = request.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}
