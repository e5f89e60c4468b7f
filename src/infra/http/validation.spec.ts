import {
  createValidationPipe,
  forbiddenTextPaths,
  MAX_LIST_LENGTH,
  MAX_NESTING_DEPTH,
  shapeProblem,
} from './validation';

describe('forbiddenTextPaths', () => {
  it('names every string or key holding NUL or a lone surrogate', () => {
    expect(
      forbiddenTextPaths({
        ok: 'テキスト 😀',
        nul: 'a\u0000b',
        lines: [{ name: 'x' }, { name: '\udc00' }],
        high: '\ud83d',
        ['k\u0000']: 'v',
      }),
    ).toEqual(['/nul', '/lines/1/name', '/high', '/k\u0000']);
  });

  it('names text holding a character a workbook (XML 1.0) cannot carry, or DEL, which its writer drops', () => {
    expect(
      forbiddenTextPaths({
        backspace: '意見\bです',
        verticalTab: '概要の一行目\u000B二行目',
        formFeed: 'a\fb',
        escape: '\u001B[0m',
        del: 'a\u007F',
        fffe: '\uFFFE',
        ffff: '報告\uFFFF',
      }),
    ).toEqual(['/backspace', '/verticalTab', '/formFeed', '/escape', '/del', '/fffe', '/ffff']);
  });

  it('leaves the tabs and line breaks text may hold, and the characters next to the forbidden ones', () => {
    expect(forbiddenTextPaths({ lines: '一行目\r\n\t二行目\n', near: ' ~\u0080\uFFFD\uFEFF 😀' })).toEqual([]);
  });

  it('walks query strings, which parse to null-prototype objects', () => {
    expect(forbiddenTextPaths(Object.assign(Object.create(null), { q: '\u0000' }))).toEqual(['/q']);
  });

  it('leaves numbers, nulls and buffers alone', () => {
    expect(forbiddenTextPaths({ n: 1, z: null, file: Buffer.from([0, 0xdc]) })).toEqual([]);
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('refuses a query parameter holding NUL, naming it', async () => {
    await expect(pipe.transform('a\u0000', { type: 'query', metatype: String, data: 'q' })).rejects.toMatchObject({
      status: 400,
      response: {
        details: [
          { path: '/q', message: '/q must not contain control characters, U+FFFE, U+FFFF or unpaired surrogates' },
        ],
      },
    });
  });

  it('refuses a body of a DTO holding a vertical tab, naming its path, before the DTO is looked at', async () => {
    class Comment {}
    await expect(
      pipe.transform({ comment: '一行目\u000B二行目' }, { type: 'body', metatype: Comment, data: undefined }),
    ).rejects.toMatchObject({ status: 400, response: { details: [expect.objectContaining({ path: '/comment' })] } });
  });

  it('leaves a page form’s body (no DTO) to its page, which validates the request it makes with this pipe', async () => {
    const form = { '/effectNarrative': '一行目\u000B二行目' };
    await expect(pipe.transform(form, { type: 'body', metatype: Object, data: undefined })).resolves.toBe(form);
  });

  it('still refuses a page form’s body too deep to read', async () => {
    let deep: unknown = 'x';
    for (let level = 0; level <= MAX_NESTING_DEPTH; level++) deep = { '/a': deep };
    await expect(pipe.transform(deep, { type: 'body', metatype: Object, data: undefined })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('passes what it does not check: the values of custom parameter decorators', async () => {
    const actor = { name: '\u0000' };
    await expect(pipe.transform(actor, { type: 'custom', metatype: Object, data: undefined })).resolves.toBe(actor);
  });
});

describe('shapeProblem', () => {
  it('measures the nesting of arrays and objects alike, without recursion', () => {
    expect(shapeProblem({ a: [{ b: 1 }] }, 3)).toBeNull();
    expect(shapeProblem({ a: [{ b: {} }] }, 3)).toBe('nests deeper than 3 levels');
    expect(shapeProblem('text', 0)).toBeNull();
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(shapeProblem(deep)).toBe(`nests deeper than ${MAX_NESTING_DEPTH} levels`);
  });

  it('refuses a list longer than any request needs, wherever it is', () => {
    expect(shapeProblem({ lines: new Array(MAX_LIST_LENGTH).fill(0) })).toBeNull();
    expect(shapeProblem({ a: { lines: new Array(MAX_LIST_LENGTH + 1).fill(0) } })).toBe(
      `holds a list of more than ${MAX_LIST_LENGTH} items`,
    );
  });
});
