import { QueryFailedError } from 'typeorm';

const PG_UNIQUE_VIOLATION = '23505';

/**
 * Whether the database refused a write as a duplicate, under the named unique constraint or index if one is given: a
 * check before the write cannot see a row another transaction writes meanwhile, the constraint does.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const { code, constraint: violated } = (error.driverError ?? {}) as { code?: string; constraint?: string };
  return code === PG_UNIQUE_VIOLATION && (constraint === undefined || violated === constraint);
}
