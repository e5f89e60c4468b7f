import { createTemplateDatabase } from './test-database';

/** Builds the migrated template database once per test run; each suite copies it. */
export default async function globalSetup(): Promise<void> {
  await createTemplateDatabase();
}
