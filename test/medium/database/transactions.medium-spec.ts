import { NotFoundException } from '@nestjs/common';
import { AnsweredAfterTransaction, NothingChanged, Transactions } from '../../../src/infra/database/transactions';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * A transaction's work queries on the transaction's own connection only: one that waited for a second pooled connection
 * while holding the first could, with every connection so held, wait forever. In development and tests such a query
 * fails at once; an error whose answer needs the database outside the transaction is answered after it ends.
 */
describe('Transactions', () => {
  let app: MediumApp;
  let transactions: Transactions;

  beforeAll(async () => {
    app = await createMediumApp();
    transactions = app.get(Transactions);
  });

  afterAll(() => app?.close());

  it("runs the work's queries on the transaction's connection, all or nothing", async () => {
    await expect(
      transactions.run(async (manager) => {
        await manager.query('CREATE TEMPORARY TABLE scratch (n int) ON COMMIT DROP');
        await manager.query('INSERT INTO scratch VALUES ($1)', [1]);
        return manager.query<{ n: number }[]>('SELECT n FROM scratch');
      }),
    ).resolves.toEqual([{ n: 1 }]);
  });

  it('refuses a query on another pooled connection inside the work, saying how to mend it', async () => {
    await expect(transactions.run(() => app.dataSource.query('SELECT 1'))).rejects.toThrow(
      "A query on another connection inside a transaction: pass the transaction's manager on, or query after it ends.",
    );
    await expect(transactions.run(() => transactions.run((manager) => manager.query('SELECT 1')))).rejects.toThrow(
      /another connection inside a transaction/,
    );
  });

  it('queries on any connection again once the transaction has ended', async () => {
    await transactions.run((manager) => manager.query('SELECT 1'));
    await expect(app.dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('answers an error that needs the database after the transaction, which it rolled back', async () => {
    const answered = transactions.run(async (manager) => {
      await manager.query('CREATE TEMPORARY TABLE written_then_rolled_back (n int)');
      throw new AnsweredAfterTransaction(async () => {
        const [{ count }] = await app.dataSource.query<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM pg_tables WHERE tablename = 'written_then_rolled_back'`,
        );
        return new NotFoundException(`tables left: ${count}`);
      });
    });

    await expect(answered).rejects.toThrow(new NotFoundException('tables left: 0'));
  });

  it('rolls back the writes of work that changed nothing and answers what the work says', async () => {
    const answered = await transactions.run(async (manager) => {
      await manager.query('CREATE TEMPORARY TABLE written_for_nothing (n int)');
      throw new NothingChanged('as it was');
    });

    expect(answered).toBe('as it was');
    const [{ count }] = await app.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM pg_tables WHERE tablename = 'written_for_nothing'`,
    );
    expect(count).toBe(0);
  });
});
