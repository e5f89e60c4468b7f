import { MAX_PAGE, pageParameterOf } from './number-input';

describe('pageParameterOf', () => {
  it.each([
    [undefined, 1],
    ['3', 3],
    ['0', 1],
    ['-2', 1],
    ['abc', 1],
    ['10001', MAX_PAGE],
    ['99999999999999999999', 1],
  ])('%j → %d', (parameter, page) => {
    expect(pageParameterOf(parameter)).toBe(page);
  });
});
