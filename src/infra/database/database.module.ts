import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DatabaseNotifications } from './database-notifications';
import { writeSelectsOncePerShape } from './select-text-cache';
import { refuseQueriesBesideTransactions } from './transaction-connection';
import { Transactions } from './transactions';
import { typeOrmOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        writeSelectsOncePerShape({ verify: config.environment !== 'production' });
        refuseQueriesBesideTransactions(config.environment !== 'production');
        return {
          ...typeOrmOptions(config.databaseUrl, config.databasePoolSize),
          autoLoadEntities: false,
          retryAttempts: 3,
          retryDelay: 2000,
        };
      },
    }),
  ],
  providers: [Transactions, DatabaseNotifications],
  exports: [Transactions, DatabaseNotifications],
})
export class DatabaseModule {}
