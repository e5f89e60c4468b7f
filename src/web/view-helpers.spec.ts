import { asOfExample, departmentFilterChoices } from './view-helpers';

describe('asOfExample', () => {
  it("suggests a month of the report's own fiscal year: its last, March of the next calendar year", () => {
    expect(asOfExample(2023)).toBe('例: R6.3月 または 2024-03');
    // The era in effect that month: March 2019 was still 平成.
    expect(asOfExample(2018)).toBe('例: H31.3月 または 2019-03');
  });
});

describe('departmentFilterChoices', () => {
  it('keeps a retired department among the choices, marked, for the years it carried', () => {
    const retiredAt = new Date('2027-04-01T00:00:00+09:00');
    expect(
      departmentFilterChoices([
        { id: 'a', name: '観光課', retiredAt },
        { id: 'b', name: '観光振興課', retiredAt: null },
      ]),
    ).toEqual([
      { value: 'a', text: '観光課(廃止)' },
      { value: 'b', text: '観光振興課' },
    ]);
  });
});
