import { type EntityMetadata } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

/** A raw row of a query builder's getRawMany or getRawAndEntities: each selected column under `alias_column`. */
export type RawRow = Record<string, unknown>;

/**
 * Reads `properties` of the entity a query selected under `alias` from its raw rows, as pg parsed them, without
 * hydrating the entity: TypeORM's hydration of a list's rows (aliases matched per column, per row) was about a tenth of
 * the API's CPU on a year's board. For plain columns only, whose stored value is the entity's value: one with a
 * transformer is refused when the reader is made. Null when the row has no such entity (an outer join's miss).
 */
export function rawColumnsReader<T, K extends keyof T & string>(
  metadata: EntityMetadata,
  alias: string,
  properties: readonly K[],
): (row: RawRow) => Pick<T, K> | null {
  const columns = properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    if (column.transformer) throw new Error(`${metadata.name}.${property} has a transformer: read it hydrated`);
    const name = DriverUtils.buildAlias(metadata.connection.driver, undefined, alias, column.databaseName);
    return [property, name] as const;
  });
  const [, key] = columns[0];
  return (row) => {
    // The first property is the key: absent, the entity is.
    if (row[key] === null || row[key] === undefined) return null;
    const read: Partial<Pick<T, K>> = {};
    for (const [property, name] of columns) read[property] = row[name] as T[K];
    return read as Pick<T, K>;
  };
}
