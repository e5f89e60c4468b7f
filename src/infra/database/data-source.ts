// Entry point for the TypeORM CLI (npm run migration:run / migration:generate).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcess } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

const config = loadConfigFromProcess();
// Migrations run as the owner role. A DATABASE_URL given alone is used as it is, so a scratch database can be migrated
// and compared as a superuser (migration:generate); the app's own role could not create anything.
const url = process.env.DATABASE_URL && !process.env.DATABASE_OWNER_URL ? config.databaseUrl : config.databaseOwnerUrl;

export default new DataSource(typeOrmOptions(url));
