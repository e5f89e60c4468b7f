import type { DeepPartial, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { Statement } from './one-statement';

/** PostgreSQL binds at most this many values to one statement. */
const MAX_VALUES = 65_535;

/**
 * Inserts written as TypeORM's insert builder writes them — the columns it inserts, each value as the driver persists it
 * (transformers, JSON, dates), DEFAULT for an undefined one, 1 for a new row's version, RETURNING what the database
 * fills in — but without the builder, which names, stores and looks up every value as a parameter of its own: that was
 * half the CPU of confirming an import of 1,000 reports (about 200,000 values).
 */
function insertStatement(
  manager: EntityManager,
  metadata: EntityMetadata,
  rows: readonly object[],
  returning: readonly ColumnMetadata[],
): Statement {
  const { driver } = manager.connection;
  const columns = insertedColumns(metadata);
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const expressions = columns.map((column) => {
      const value: unknown = driver.preparePersistentValue(column.getEntityValue(row), column);
      if (value === undefined) return column.isVersion ? '1' : 'DEFAULT';
      values.push(value);
      return `$${values.length}`;
    });
    return `(${expressions.join(', ')})`;
  });
  const returned = returning.length > 0 ? ` RETURNING ${namesOf(returning)}` : '';
  return [`INSERT INTO ${tableOf(metadata)}(${namesOf(columns)}) VALUES ${tuples.join(', ')}${returned}`, values];
}

/** The columns an insert names: all but those the database numbers itself (as the insert builder leaves them out). */
function insertedColumns(metadata: EntityMetadata): ColumnMetadata[] {
  return metadata.columns.filter(
    (column) => column.isInsert && !(column.isGenerated && column.generationStrategy === 'increment'),
  );
}

const quoted = (name: string) => `"${name}"`;

const namesOf = (columns: readonly ColumnMetadata[]) => columns.map((column) => quoted(column.databaseName)).join(', ');

const tableOf = (metadata: EntityMetadata) => metadata.tablePath.split('.').map(quoted).join('.');

/** The rows in groups small enough for one statement each. */
function statementsOf<T>(metadata: EntityMetadata, rows: readonly T[]): T[][] {
  const perStatement = Math.max(1, Math.floor(MAX_VALUES / insertedColumns(metadata).length));
  const groups: T[][] = [];
  for (let start = 0; start < rows.length; start += perStatement) groups.push(rows.slice(start, start + perStatement));
  return groups;
}

/**
 * The insert of `rows` into `target`'s table as one statement, for a repository to send with others
 * (insertInOneStatement); none for no rows.
 */
export function inserting<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly object[],
): Statement | undefined {
  if (rows.length === 0) return undefined;
  return insertStatement(manager, manager.connection.getMetadata(target), rows, []);
}

/** Inserts `rows` inside the caller's transaction, as few statements as PostgreSQL's limit on values allows. */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly object[],
): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  for (const group of statementsOf(metadata, rows))
    await manager.query(...insertStatement(manager, metadata, group, []));
}

/**
 * insertRows, each row coming back as a read would return it: the values written, what the database filled in (ids,
 * defaults, timestamps, version) and null in every other column — so that a document built from it equals one built
 * from the row read back, and the caller builds on it without reading it.
 */
export async function insertStored<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly object[],
): Promise<T[]> {
  const metadata = manager.connection.getMetadata(target);
  const returning = metadata.getInsertionReturningColumns();
  const stored: T[] = [];
  for (const group of statementsOf(metadata, rows)) {
    const filled: ObjectLiteral[] = await manager.query(...insertStatement(manager, metadata, group, returning));
    group.forEach((row, index) => {
      const generated = manager.connection.driver.createGeneratedMap(metadata, filled[index]);
      const entity = manager.create(target, { ...row, ...generated } as DeepPartial<T>);
      for (const column of metadata.columns)
        if (column.getEntityValue(entity) === undefined) column.setEntityValue(entity, null);
      stored.push(entity);
    });
  }
  return stored;
}
