import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/**
 * Runs work on behalf of one organization: every transaction it begins tells PostgreSQL (PreparingClient), whose
 * row-level security then hides and refuses other organizations' rows. Set per request for organization routes.
 */
export function inOrganizationScope<T>(organizationId: string, work: () => T): T {
  return scope.run(organizationId, work);
}

/** Undefined outside an organization's request (workers, CLI, sign-in, platform work): the rows are not narrowed. */
export function currentOrganizationScope(): string | undefined {
  return scope.getStore();
}
