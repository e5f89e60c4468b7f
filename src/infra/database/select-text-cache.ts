import { SelectQueryBuilder } from 'typeorm';
import { type Alias } from 'typeorm/query-builder/Alias';

/**
 * How many select shapes are kept. The app has a few hundred; past the cap the cache starts over, so memory stays
 * bounded whatever a caller builds.
 */
const MAX_SHAPES = 500;

/** An object's own fields but the skipped ones. */
function fieldsOf(object: object, skipped: ReadonlySet<string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (!skipped.has(key)) fields[key] = value;
  return fields;
}

const aliasShape = (alias: Alias | undefined) =>
  alias && [alias.type, alias.name, alias.tablePath, alias.subQuery, alias.hasMetadata ? alias.metadata.name : null];

/** Not the text: the values bound to the query (sent apart from it), and what links back to the connection or map. */
const NOT_TEXT = new Set([
  'connection',
  'parameters',
  'nativeParameters',
  // Shaped apart below.
  'aliases',
  'mainAlias',
  'joinAttributes',
  'relationIdAttributes',
  'relationCountAttributes',
]);
/** Of a join, the same links, and caches TypeORM fills while it writes the text. */
const NOT_JOIN_TEXT = new Set([
  'connection',
  'queryExpressionMap',
  'alias',
  'isSelectedCache',
  'isSelectedEvaluated',
  'relationCache',
  'relationEvaluated',
]);
const NOT_ATTRIBUTE_TEXT = new Set(['queryExpressionMap']);

/**
 * The query's shape: every field of its state that its SQL text is written from, entities by name. A field nobody
 * expected (a newer TypeORM) is in it as it is: at worst a shape JSON cannot hold, which is written afresh.
 */
function shapeOf({ expressionMap: map }: SelectQueryBuilder<object>): string {
  return JSON.stringify([
    fieldsOf(map, NOT_TEXT),
    aliasShape(map.mainAlias),
    map.aliases.map(aliasShape),
    map.joinAttributes.map((join) => [fieldsOf(join, NOT_JOIN_TEXT), aliasShape(join.alias)]),
    map.relationIdAttributes.map((attribute) => fieldsOf(attribute, NOT_ATTRIBUTE_TEXT)),
    map.relationCountAttributes.map((attribute) => fieldsOf(attribute, NOT_ATTRIBUTE_TEXT)),
  ]);
}

let installed: { verify: boolean } | undefined;

/**
 * TypeORM writes a select's SQL anew on every run: each joined entity's column list, aliases, and regular expressions
 * over the whole text, which was a tenth to a fifth of the API's CPU on reads and transitions. A select of the same
 * shape (its state but for the values bound to it) has the same text, so the text is written once per shape.
 *
 * With `verify` (development and tests) every reuse is checked against the text written afresh, so that a shape that
 * missed something the text depends on fails loudly wherever the tests reach. Sub-queries are written as before.
 */
export function writeSelectsOncePerShape({ verify }: { verify: boolean }): void {
  // Installed once per process; the latest call says whether to verify.
  if (installed) {
    installed.verify = verify;
    return;
  }
  installed = { verify };
  const texts = new Map<string, string>();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the query as `this`
  const write = SelectQueryBuilder.prototype.getQuery;
  SelectQueryBuilder.prototype.getQuery = function (this: SelectQueryBuilder<object>): string {
    if (this.expressionMap.subQuery || this.expressionMap.queryType !== 'select') return write.call(this);
    let shape: string;
    try {
      shape = shapeOf(this);
    } catch {
      // A state JSON cannot hold (a cycle TypeORM added): written afresh, as before.
      return write.call(this);
    }
    const known = texts.get(shape);
    if (known === undefined) {
      const text = write.call(this);
      if (texts.size >= MAX_SHAPES) texts.clear();
      texts.set(shape, text);
      return text;
    }
    if (installed?.verify) {
      const fresh = write.call(this);
      if (fresh !== known)
        throw new Error(`Two selects of one shape were written differently:\n${known}\n---\n${fresh}`);
    }
    return known;
  };
}
