import { dropDatabase, TEMPLATE_DATABASE } from './test-database';

/** The run's template goes with the run. */
export default async function globalTeardown(): Promise<void> {
  await dropDatabase(TEMPLATE_DATABASE);
}
