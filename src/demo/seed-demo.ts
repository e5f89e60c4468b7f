import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { passwordProblem } from '../users/password-policy';
import { ConfigError, loadConfigFromProcess } from '../infra/config/app-config';
import { prepareDatabase } from '../infra/database/migrate';
import { DemoModule } from './demo.module';
import { DemoRefused, DemoSeed } from './demo-seed';

/**
 * npm run seed:demo — the real seed documents (旭川市 R4 results as published history, 釧路市 R4 KPIs as drafts,
 * 旭川市's policy areas and partner towns) and a demo user for every role, with known passwords. Never in production;
 * refused for a municipality it did not create; once loaded, running it again leaves the demo as its users made it.
 */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production')
    throw new ConfigError(
      'seed:demo refuses to run with NODE_ENV=production: it adds demo accounts with known passwords and published demo reports. Load the demo into a database of its own, without NODE_ENV=production.',
    );
  const config = loadConfigFromProcess();
  const password = process.env.DEMO_PASSWORD ?? randomBytes(12).toString('base64url');
  const problem = passwordProblem('DEMO_PASSWORD', password);
  if (problem) throw new ConfigError(`${problem}.`);
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(DemoModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const summary = await app.get(DemoSeed).run(password);
    for (const entry of summary.imports)
      console.log(
        entry.outcome === 'imported'
          ? `${entry.organization}: ${entry.file} — imported (${entry.reports} reports, ${entry.warnings} warnings to review in a dry run)`
          : `${entry.organization}: ${entry.file} — already loaded; left as its users made it`,
      );
    if (summary.projectsUpdated > 0)
      console.log(`旭川市: 施策 and partner towns set on ${summary.projectsUpdated} projects`);
    if (summary.users.length > 0) console.log('\nDemo users:');
    const emails = [...new Set(summary.users.map((user) => user.email))];
    for (const email of emails) {
      const roles = summary.users.filter((user) => user.email === email);
      const created = roles.some((user) => user.created);
      console.log(
        `  ${email.padEnd(38)} ${roles.map((user) => `${user.organization} ${user.role}`).join(', ')}${created ? '' : '  (already there; password unchanged)'}`,
      );
    }
    if (!summary.passwordUsed) console.log('\nNo new account was created; the passwords are those set when they were.');
    else if (process.env.DEMO_PASSWORD) console.log('\nPassword of the new accounts: the value of DEMO_PASSWORD.');
    else console.log(`\nPassword of the new accounts (shown only now): ${password}`);
    console.log(`Sign in at ${config.baseUrl}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DemoRefused ? error.message : error);
  process.exit(1);
});
