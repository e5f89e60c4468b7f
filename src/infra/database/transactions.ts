import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { currentOrganizationScope } from './organization-scope';

/**
 * Where a use case needs several repository calls to commit together, it runs them here and passes the
 * manager on to named repository methods; services never hold the DataSource themselves.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const organizationId = currentOrganizationScope();
    return this.dataSource.transaction(async (manager) => {
      // Transaction-local: the pooled connection forgets it at commit or rollback.
      if (organizationId) await manager.query(`SELECT set_config('app.organization_id', $1, true)`, [organizationId]);
      return work(manager);
    });
  }
}
