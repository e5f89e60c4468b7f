import { oneStatement } from './one-statement';

describe('oneStatement', () => {
  it('sends a single statement as it is', () => {
    expect(oneStatement([['INSERT INTO "a"("x") VALUES ($1)', [1]]])).toEqual([
      'INSERT INTO "a"("x") VALUES ($1)',
      [1],
    ]);
  });

  it('writes all but the last as CTEs of the last, each placeholder renumbered after the values before it', () => {
    const [text, values] = oneStatement([
      ['INSERT INTO "a"("x", "y") VALUES ($1, $2)', ['x', 'y']],
      ['INSERT INTO "b"("z") VALUES ($1), ($2)', ['z1', 'z2']],
      ['INSERT INTO "c"("w") VALUES ($1) RETURNING "id"', ['w']],
    ]);

    expect(text).toBe(
      'WITH written_0 AS (INSERT INTO "a"("x", "y") VALUES ($1, $2)), ' +
        'written_1 AS (INSERT INTO "b"("z") VALUES ($3), ($4)) ' +
        'INSERT INTO "c"("w") VALUES ($5) RETURNING "id"',
    );
    expect(values).toEqual(['x', 'y', 'z1', 'z2', 'w']);
  });

  it('renumbers a placeholder of two digits as a whole', () => {
    const eleven = Array.from({ length: 11 }, (_, index) => index);
    const [text] = oneStatement([
      ['INSERT INTO "a"("x") VALUES ($1)', [0]],
      [`INSERT INTO "b" VALUES (${eleven.map((index) => `$${index + 1}`).join(', ')})`, eleven],
    ]);

    expect(text).toContain('($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)');
  });

  it('refuses a text whose $n are not exactly its values, rather than renumber what is not a placeholder', () => {
    expect(() => oneStatement([['SELECT $1, $3', [1, 2, 3]]])).toThrow(/placeholders are not \$1…\$3/);
    expect(() => oneStatement([['SELECT $1', []]])).toThrow(/placeholders are not \$1…\$0/);
    expect(() => oneStatement([['SELECT 1', [1]]])).toThrow(/placeholders/);
  });

  it('refuses to write nothing', () => {
    expect(() => oneStatement([])).toThrow('No statement to write.');
  });
});
