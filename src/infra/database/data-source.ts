// Entry point for the TypeORM CLI (npm run migration:run / migration:generate).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcess } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

export default new DataSource(typeOrmOptions(loadConfigFromProcess().databaseUrl));
