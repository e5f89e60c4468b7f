import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { ConfigError, loadConfigFromProcess } from './infra/config/app-config';
import { databaseAtStart } from './infra/database/migrate';

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  // Like `npm start`: an operator may create the first administrator before the app has ever run.
  await databaseAtStart(config);
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      console.error(error.message);
      process.exit(1);
    },
    // A command that fails (an unknown organization code, a bad option value) exits 1, not only prints: scripts check.
    serviceErrorHandler: (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(1);
});
