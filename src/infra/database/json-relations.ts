import { type DataSource, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { type ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { type EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/**
 * One-to-many relations read inside their parent's query, each as a JSON array from a correlated subquery, and
 * hydrated back into entities as TypeORM hydrates rows. Joining several one-to-many relations returns their cartesian
 * product (a report's lines × results × KPIs × editions rows, every one carrying the report's wide columns), and
 * PostgreSQL spent longer planning the ten-table join than running it; this returns one row per parent.
 */
export interface JsonRelation<T extends ObjectLiteral> {
  target: EntityTarget<T>;
  /** The subquery's alias for the related table. */
  alias: string;
  /** SQL tying a related row to its parent row in the outer query, e.g. `line.report_id = report.id`. */
  on: string;
  /** SQL ordering the array, e.g. `line.position`. */
  orderBy: string;
  /** The properties to read; every column when omitted (leave out what is large and unused). */
  properties?: (keyof T & string)[];
  /** Relations of each related row, read inside it the same way (their `on` names this relation's alias). */
  parts?: JsonPart<T>[];
}

/** Where a part's array is, in its parent's row. */
const partColumn = (index: number) => `json_part_${index}`;

/** Types JSON renders differently from how pg hands a row's value to TypeORM. */
const TEXT_IN_JSON = new Set<unknown>(['bigint', 'int8', 'numeric', 'decimal']);
const TIMESTAMPS = new Set<unknown>(['timestamptz', 'timestamp', 'timestamp with time zone', Date, 'datetime']);

/** What reading a relation needs from the entities' metadata: the same on every read, so worked out once. */
interface CompiledRelation {
  metadata: EntityMetadata;
  columns: ColumnMetadata[];
  /** The subquery to add to the parent's select: a JSON array, empty when there is no related row. */
  select: string;
}

function compile<T extends ObjectLiteral>(dataSource: DataSource, relation: JsonRelation<T>): CompiledRelation {
  const metadata = dataSource.getMetadata(relation.target);
  const columns = relation.properties
    ? relation.properties.map((property) => {
        const column = metadata.columns.find((candidate) => candidate.propertyName === property);
        if (!column) throw new Error(`No column ${property} to read as JSON`);
        return column;
      })
    : metadata.columns;
  const fields = columns.map(({ databaseName, type }) => {
    // pg hands numeric and bigint over as exact text; JSON would make numbers of them.
    const value = `"${relation.alias}"."${databaseName}"${TEXT_IN_JSON.has(type) ? '::text' : ''}`;
    return `'${databaseName}', ${value}`;
  });
  (relation.parts ?? []).forEach((part, index) => fields.push(`'${partColumn(index)}', ${part.select(dataSource)}`));
  const select =
    `(SELECT coalesce(json_agg(json_build_object(${fields.join(', ')}) ORDER BY ${relation.orderBy}), '[]') ` +
    `FROM "${metadata.tableName}" "${relation.alias}" WHERE ${relation.on})`;
  return { metadata, columns, select };
}

/** The entities of an array the relation's select returned, with the values a row read by TypeORM would hold. */
function entitiesFromJson<T extends ObjectLiteral>(
  dataSource: DataSource,
  relation: JsonRelation<T>,
  { metadata, columns }: CompiledRelation,
  rows: Record<string, unknown>[],
): T[] {
  return rows.map((row) => {
    const entity = hydrated<T>(dataSource, metadata, columns, row);
    (relation.parts ?? []).forEach((part, index) =>
      part.attach(dataSource, entity, row[partColumn(index)] as Record<string, unknown>[]),
    );
    return entity;
  });
}

/** An entity of `columns` from a row as JSON, keyed by the columns' names in the database. */
function hydrated<T extends ObjectLiteral>(
  dataSource: DataSource,
  metadata: EntityMetadata,
  columns: ColumnMetadata[],
  row: Record<string, unknown>,
): T {
  const entity = metadata.create() as T;
  for (const column of columns) {
    const value = row[column.databaseName];
    const typed = TIMESTAMPS.has(column.type) && typeof value === 'string' ? new Date(value) : value;
    column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(typed, column));
  }
  return entity;
}

/**
 * An entity from a whole row PostgreSQL rendered as JSON (to_jsonb) and kept so, with the values a row read by TypeORM
 * would hold.
 */
export function entityFromJson<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = dataSource.getMetadata(target);
  return hydrated<T>(dataSource, metadata, metadata.columns, row);
}

/** A relation read as JSON, and where its entities go on the parent entity. */
export interface JsonPart<Parent> {
  select(dataSource: DataSource): string;
  attach(dataSource: DataSource, parent: Parent, rows: Record<string, unknown>[]): void;
}

export function jsonPart<Parent, T extends ObjectLiteral>(
  relation: JsonRelation<T>,
  attach: (parent: Parent, entities: T[]) => void,
): JsonPart<Parent> {
  // Every read of the relation would otherwise write its subquery and look up its columns anew.
  const compiled = new WeakMap<DataSource, CompiledRelation>();
  const compiledFor = (dataSource: DataSource) => {
    let known = compiled.get(dataSource);
    if (!known) compiled.set(dataSource, (known = compile(dataSource, relation)));
    return known;
  };
  return {
    select: (dataSource) => compiledFor(dataSource).select,
    attach: (dataSource, parent, rows) =>
      attach(parent, entitiesFromJson(dataSource, relation, compiledFor(dataSource), rows)),
  };
}

/**
 * The entities of a query that joins only to-one relations, each with `parts` read in the same statement (one row per
 * entity, whatever the parts hold), and the raw rows for what else the query selected.
 */
export async function getManyWithJsonParts<Parent extends ObjectLiteral>(
  query: SelectQueryBuilder<Parent>,
  parts: JsonPart<Parent>[],
): Promise<{ entities: Parent[]; raw: Record<string, unknown>[] }> {
  const { connection, alias } = query;
  parts.forEach((part, index) => query.addSelect(part.select(connection), partColumn(index)));
  const { entities, raw } = await query.getRawAndEntities<Record<string, unknown>>();
  const [primary] = connection.getMetadata(query.expressionMap.mainAlias!.target).primaryColumns;
  const rows = new Map(raw.map((row) => [row[`${alias}_${primary.databaseName}`], row]));
  for (const entity of entities) {
    const row = rows.get(primary.getEntityValue(entity))!;
    parts.forEach((part, index) =>
      part.attach(connection, entity, row[partColumn(index)] as Record<string, unknown>[]),
    );
  }
  return { entities, raw };
}
