import { comparisonRefusal, versionRuns } from './compared-versions';

describe('versionRuns', () => {
  it('writes consecutive versions as one run and a gap as a new one', () => {
    expect(versionRuns([7, 5, 4, 3, 1])).toBe('1, 3–5, 7');
    expect(versionRuns([1])).toBe('1');
    expect(versionRuns([])).toBe('');
  });
});

describe('comparisonRefusal', () => {
  const versions = [5, 4, 2, 1];

  it('lets two versions the report has be compared, the same one too', () => {
    expect(comparisonRefusal(versions, 1, 5)).toBeNull();
    expect(comparisonRefusal(versions, 4, 4)).toBeNull();
  });

  it.each([
    ['0', 0, 5, '/from'],
    ['a negative one', -1, 5, '/from'],
    ['one past the latest', 1, 6, '/to'],
    ['one in a gap (moved on without a revision)', 3, 5, '/from'],
    ['what is not a number', 1, Number.NaN, '/to'],
  ])('refuses %s as no version of the report, naming those there are', (_case, from, to, path) => {
    expect(comparisonRefusal(versions, from, to)).toEqual({ path, reason: 'not_a_version', versions: '1–2, 4–5' });
  });

  it('refuses a `from` after `to`', () => {
    expect(comparisonRefusal(versions, 5, 1)).toEqual({ path: '/from', reason: 'from_after_to', versions: '1–2, 4–5' });
  });
});
