import { MAX_PAGE } from '../common/number-input';
import { choicesOf, pagedList, type PageRequest, readListQuery, SEARCH_MAX_LENGTH } from './list-query';

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

  it('reads no search on a list that has none: q neither narrows it nor is refused', () => {
    for (const q of ['abc', 'あ'.repeat(SEARCH_MAX_LENGTH + 1)]) {
      const list = readListQuery({ q, status: 'draft' }, PARAMETERS, { search: false });

      expect(list).toMatchObject({ q: undefined, chosen: { status: 'draft' }, errors: [], filtered: true });
      expect(list.form.values).not.toHaveProperty(['/list/q']);
      expect(readListQuery({ q }, PARAMETERS, { search: false }).filtered).toBe(false);
    }
  });

  it('ignores what is not text (a repeated parameter arrives as a list)', () => {
    const list = readListQuery({ q: ['a', 'b'], status: ['draft', 'submitted'] }, PARAMETERS);

    expect(list).toMatchObject({ q: undefined, chosen: {}, errors: [], filtered: false });
  });
});

describe('pagedList', () => {
  /** A list of `total` numbered items, read a page at a time; `reads` records the pages read. */
  function listOf(total: number) {
    const reads: number[] = [];
    const load = ({ page, pageSize }: PageRequest) => {
      reads.push(page);
      const items = Array.from({ length: total }, (_, index) => index + 1).slice(
        (page - 1) * pageSize,
        page * pageSize,
      );
      return Promise.resolve<[number[], number]>([items, total]);
    };
    return { load, reads };
  }

  it('reads the page asked for, counts the pages, and links each page keeping the list’s query', async () => {
    const { load, reads } = listOf(101);
    const { items, paging } = await pagedList('2', 50, load, { tab: 'action', q: undefined });

    expect(items).toEqual(Array.from({ length: 50 }, (_, index) => index + 51));
    expect(paging).toMatchObject({ page: 2, total: 101, pages: 3 });
    expect(paging.href(3)).toBe('?tab=action&page=3');
    expect(reads).toEqual([2]);
  });

  it('shows the first page of an empty list as its one page', async () => {
    const { items, paging } = await pagedList('', 50, listOf(0).load);

    expect(items).toEqual([]);
    expect(paging).toMatchObject({ page: 1, total: 0, pages: 1 });
    expect(paging.href(2)).toBe('?page=2');
  });

  it.each(['4', '99999', '99999999999999999999'])(
    'shows the last page for page %j, past it, rather than an empty page',
    async (parameter) => {
      const { load, reads } = listOf(101);
      const { items, paging } = await pagedList(parameter, 50, load);

      expect(items).toEqual([101]);
      expect(paging).toMatchObject({ page: 3, pages: 3 });
      expect(reads).toEqual([Number(parameter) > MAX_PAGE ? MAX_PAGE : Number(parameter), 3]);
    },
  );

  it('shows the one page of a short list for page 2', async () => {
    const { items, paging } = await pagedList('2', 20, listOf(3).load);

    expect(items).toEqual([1, 2, 3]);
    expect(paging).toMatchObject({ page: 1, pages: 1 });
  });
});
