import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { holdingTransaction } from './transaction-connection';

/**
 * Thrown inside a transaction for an error whose answer needs the database beyond the transaction's scope (whether an
 * id exists in another organization, say): the answer is asked once the transaction has ended and freed its
 * connection, never on a second connection while it holds one.
 */
export class AnsweredAfterTransaction extends Error {
  constructor(readonly answer: () => Promise<Error>) {
    super('An error to be answered after the transaction.');
  }
}

/**
 * Thrown inside a transaction whose writes turned out to change nothing (a form saved as it was): they are rolled
 * back, so no version, revision or audit entry records a change of nothing, and `run` answers `result`.
 */
export class NothingChanged<T> extends Error {
  constructor(readonly result: T) {
    super('The transaction changed nothing and was rolled back.');
  }
}

/**
 * Where a use case needs several repository calls to commit together, it runs them here and passes the
 * manager on to named repository methods; services never hold the DataSource themselves.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** In an organization's scope (inOrganizationScope) the transaction is that organization's (PreparingClient). */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction((manager) =>
        holdingTransaction(connectionOf(manager), () => work(manager)),
      );
    } catch (error) {
      if (error instanceof AnsweredAfterTransaction) throw await error.answer();
      if (error instanceof NothingChanged) return error.result as T;
      throw error;
    }
  }
}

/** The pg client a transaction's queries run on: TypeORM has begun the transaction on it before calling the work. */
function connectionOf(manager: EntityManager): object {
  return (manager.queryRunner as unknown as { databaseConnection: object }).databaseConnection;
}
