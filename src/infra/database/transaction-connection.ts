import { AsyncLocalStorage } from 'node:async_hooks';

const transactionConnection = new AsyncLocalStorage<object>();
let refusing = false;

/**
 * In development and tests, a query that takes another of the pool's connections while its caller holds a
 * transaction's fails at once. Under load every connection of the pool can be held so, each transaction waiting for a
 * connection only a finished transaction frees: the process would wait forever.
 */
export function refuseQueriesBesideTransactions(refuse: boolean): void {
  refusing = refuse;
}

/** Runs a transaction's work, which may query on `connection` (its own) only. */
export function holdingTransaction<T>(connection: object, work: () => T): T {
  return transactionConnection.run(connection, work);
}

/** Called by the connection about to run a query: refused where its caller holds a transaction on another one. */
export function assertNotBesideTransaction(connection: object): void {
  if (!refusing) return;
  const held = transactionConnection.getStore();
  if (held !== undefined && held !== connection)
    throw new Error(
      "A query on another connection inside a transaction: pass the transaction's manager on, or query after it ends.",
    );
}
