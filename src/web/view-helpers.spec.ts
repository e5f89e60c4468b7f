import { asOfExample } from './view-helpers';

describe('asOfExample', () => {
  it("suggests a month of the report's own fiscal year: its last, March of the next calendar year", () => {
    expect(asOfExample(2023)).toBe('例: R6.3月 または 2024-03');
    // The era in effect that month: March 2019 was still 平成.
    expect(asOfExample(2018)).toBe('例: H31.3月 または 2019-03');
  });
});
