import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...typeOrmOptions(config.databaseUrl), autoLoadEntities: false, retryAttempts: 3, retryDelay: 2000 }),
    }),
  ],
})
export class DatabaseModule {}
