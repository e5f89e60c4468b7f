import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Where a use case needs several repository calls to commit together, it runs them here and passes the
 * manager on to named repository methods; services never hold the DataSource themselves.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** In an organization's scope (inOrganizationScope) the transaction is that organization's (PreparingClient). */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
