import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IssueList } from './issues';
import { warnOfOtherMunicipalities } from './other-municipality';
import { rowsFromText } from './source-rows';

const seed = (file: string) => rowsFromText(readFileSync(join(__dirname, '../demo/seeds', file), 'utf8'));

/** The warnings for `text` pasted into `organization`, as [message, location]. */
function warnings(text: string, organization: string): [string, string | undefined][] {
  const issues = new IssueList();
  warnOfOtherMunicipalities([rowsFromText(text)], organization, issues);
  return issues.items.map((issue) => {
    expect(issue).toMatchObject({ severity: 'warning', code: 'other_municipality', path: '' });
    return [issue.message, issue.location];
  });
}

describe('a sheet that names another municipality', () => {
  it('is warned of by the share its KPI header states, once per municipality, at its first mention', () => {
    const sheet = ['No\t①国提出事業名', '指標名(旭川市関係分)\t基準値', '指標名(旭川市関係分)\t基準値'].join('\n');
    expect(warnings(sheet, '小樽市')).toEqual([
      [
        'この表は旭川市のもののようです(「指標名(旭川市関係分)」)。小樽市の報告として取り込んでよいか確かめてください。旭川市の報告なら、旭川市の取込みで取り込んでください。',
        '2行目',
      ],
    ]);
  });

  it('is warned of by its title, at its start after the year or in brackets at its end', () => {
    expect(warnings('令和4年度 釧路市地方創生推進交付金事業の実績', '小樽市').map(([message]) => message)).toEqual([
      expect.stringMatching(/^この表は釧路市のもののようです/),
    ]);
    expect(warnings('事業実施結果報告（旭川市）', '小樽市')).toHaveLength(1);
    expect(warnings('旭川市\t事業実施結果報告', '小樽市')).toEqual([]);
  });

  it('is not warned of when the name is the organization’s, however either is written', () => {
    expect(warnings('指標名(旭川市関係分)', '旭川市')).toEqual([]);
    expect(warnings('指標名(旭川市関係分)', '北海道旭川市')).toEqual([]);
    expect(warnings('北海道旭川市 事業実施結果報告', '旭川市')).toEqual([]);
  });

  it('is not made of what reports say of other places, nor of words like 本市 or 市町村', () => {
    expect(warnings('③全体概要\n東神楽町と連携し、釧路市の事業者を招いた。', '旭川市')).toEqual([]);
    expect(warnings('本市の事業実施結果報告\n市町村別の実績', '旭川市')).toEqual([]);
    expect(warnings('指標名(本市関係分)', '旭川市')).toEqual([]);
  });

  it('finds nothing amiss in the published sheets imported by their own municipality, and the share in another', () => {
    const check = (sheet: ReturnType<typeof seed>, organization: string) => {
      const issues = new IssueList();
      warnOfOtherMunicipalities([sheet], organization, issues);
      return issues.items.map((issue) => /^この表は(.+?)のもの/.exec(issue.message)?.[1]);
    };
    expect(check(seed('asahikawa-r4-results-report.txt'), '旭川市')).toEqual([]);
    expect(check(seed('kushiro-r4-grant-kpi-results.txt'), '釧路市')).toEqual([]);
    expect(check(seed('asahikawa-r4-results-report.txt'), '小樽市')).toEqual(['旭川市']);
  });
});
