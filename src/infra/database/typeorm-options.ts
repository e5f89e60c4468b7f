import { join } from 'node:path';
import { type DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import { PreparingClient } from './preparing-client';

/**
 * How long an idle connection stays in the pool. pg's default of ten seconds closed the pool between two clicks of a
 * user: the next page then opened connections whose server processes had no catalog cached and no statement prepared,
 * and took three to four times as long (the year board at national scale, after a pause: 185–280 ms against 55–114).
 * Five minutes stays under the idle limits of common load balancers (AWS NLB: 350 s); keepalives hold it open there.
 */
const IDLE_CONNECTION_MS = 5 * 60_000;

/** One definition of the connection, shared by the app, the CLI, the migration tool and the tests. */
export function typeOrmOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(__dirname, '..', '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // Schema changes go through migrations/ only.
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension has to be installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    extra: {
      max: poolSize,
      Client: PreparingClient,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      keepAlive: true,
      // Linux's default waits two hours before its first probe; then one every 75 s.
      keepAliveInitialDelayMillis: 60_000,
      // A script (the CLI, a benchmark) still exits when its work is done, without waiting for its idle connections.
      allowExitOnIdle: true,
    },
  };
}
