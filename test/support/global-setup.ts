import { createDatabase, databaseUrl, dropDatabase, migrate, TEMPLATE_DATABASE } from './test-database';

/** Builds the migrated template database once per test run; each suite copies it. */
export default async function globalSetup(): Promise<void> {
  await dropDatabase(TEMPLATE_DATABASE);
  await createDatabase(TEMPLATE_DATABASE);
  await migrate(databaseUrl(TEMPLATE_DATABASE));
}
