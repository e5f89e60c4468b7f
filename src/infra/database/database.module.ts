import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DatabaseNotifications } from './database-notifications';
import { Transactions } from './transactions';
import { typeOrmOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...typeOrmOptions(config.databaseUrl, config.databasePoolSize),
        autoLoadEntities: false,
        retryAttempts: 3,
        retryDelay: 2000,
      }),
    }),
  ],
  providers: [Transactions, DatabaseNotifications],
  exports: [Transactions, DatabaseNotifications],
})
export class DatabaseModule {}
