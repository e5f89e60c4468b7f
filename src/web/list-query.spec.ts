import { choicesOf, readListQuery, SEARCH_MAX_LENGTH, pagingOf } from './list-query';

const PARAMETERS = {
  status: { label: '状態', choices: choicesOf(['draft', 'submitted'], { draft: '作成中', submitted: '提出済' }) },
  sort: { label: '並び順', choices: choicesOf(['number', 'name'], { number: 'No順', name: '事業名順' }) },
};

describe('A list page reads its search, filters and sort from the URL', () => {
  it('takes the trimmed search and the values that are among their choices', () => {
    const list = readListQuery({ q: ' 観光 ', status: 'submitted', sort: 'name' }, PARAMETERS);

    expect(list).toMatchObject({
      q: '観光',
      chosen: { status: 'submitted', sort: 'name' },
      errors: [],
      filtered: true,
    });
    expect(list.form.value('/list/status')).toBe('submitted');
  });

  it('counts an order alone as nothing to clear, and a blank search as no search', () => {
    expect(readListQuery({ q: '  ', sort: 'name' }, PARAMETERS)).toMatchObject({
      q: undefined,
      chosen: { sort: 'name' },
      filtered: false,
    });
  });

  it('sets aside a value that is not a choice, with a message beside its field, and keeps the rest', () => {
    const list = readListQuery({ status: 'lost', sort: 'name' }, PARAMETERS);

    expect(list.chosen).toEqual({ sort: 'name' });
    expect(list.errors).toEqual([
      {
        text: '「状態」に指定された値は選べません。一覧から選んでください',
        href: '#f-list-status',
        path: '/list/status',
      },
    ]);
    expect(list.form.error('/list/status')).toBeDefined();
    expect(list.form.value('/list/status')).toBe('lost');
    expect(list.filtered).toBe(false);
  });

  it('refuses a search longer than the limit instead of running it', () => {
    const list = readListQuery({ q: 'あ'.repeat(SEARCH_MAX_LENGTH + 1) }, PARAMETERS);

    expect(list.q).toBeUndefined();
    expect(list.errors.map((error) => error.path)).toEqual(['/list/q']);
  });

  it('ignores what is not text (a repeated parameter arrives as a list)', () => {
    const list = readListQuery({ q: ['a', 'b'], status: ['draft', 'submitted'] }, PARAMETERS);

    expect(list).toMatchObject({ q: undefined, chosen: {}, errors: [], filtered: false });
  });
});

describe('pagingOf', () => {
  it('counts the pages, at least one, and links each page keeping the list’s query', () => {
    const paging = pagingOf(2, 101, 50, { tab: 'action', q: undefined });
    expect(paging).toMatchObject({ page: 2, total: 101, pages: 3 });
    expect(paging.href(3)).toBe('?tab=action&page=3');
    expect(pagingOf(1, 0, 50).pages).toBe(1);
    expect(pagingOf(1, 0, 50).href(2)).toBe('?page=2');
  });
});
