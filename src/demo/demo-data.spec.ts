import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASAHIKAWA_R4_REPORTS } from '../../test/fixtures/seed-reports';
import { partnershipFor, parsePartnershipProjects } from './partnership-projects';
import { parsePolicyAreas, policyAreaFor } from './policy-areas';

const seed = (file: string) => readFileSync(join(__dirname, 'seeds', file), 'utf8');

describe('demo data from the Asahikawa seeds', () => {
  const areas = parsePolicyAreas(seed('asahikawa-r6-economic-dept-policy.txt'));
  const partnership = parsePartnershipProjects(seed('asahikawa-regional-partnership-projects.txt'));

  it("reads the economic department's policy areas with their budget items", () => {
    expect(areas.map((area) => [area.name, area.items.length])).toEqual([
      ['地域での就職促進、雇用の安定化', 4],
      ['地場産業の振興、創業支援', 11],
      ['デザイン都市旭川の推進', 4],
      ['中心市街地と商店街の活性化', 4],
      ['地場産品の市場開拓・販路拡大', 3],
      ['企業誘致の推進', 2],
    ]);
    const design = areas[2].items[0];
    expect(design).toEqual({
      name: '創造拠点運営事業費',
      formerNames: ['あさひかわデザインハブ検討費', 'デザインギャラリー管理負担金'],
      amount: 31138,
      pledge: true,
      isNew: true,
      focus: true,
    });
    expect(areas[1].items.find((item) => item.name === '中小企業振興資金融資事業費')).toMatchObject({
      amount: 6_650_876,
      pledge: true,
      focus: false,
    });
  });

  it('files each R4 project under the policy area most of its budget lines belong to', () => {
    expect(ASAHIKAWA_R4_REPORTS.map((report) => policyAreaFor(report.budgetLines, areas))).toEqual([
      '地場産品の市場開拓・販路拡大',
      null,
      '地域での就職促進、雇用の安定化',
      '地場産業の振興、創業支援',
      '中心市街地と商店街の活性化',
    ]);
  });

  it('reads the partnership table with its towns and links the projects that share a term', () => {
    expect(partnership).toHaveLength(13);
    expect(partnership[1]).toMatchObject({
      number: '12',
      name: '就業マッチング促進事業',
      towns: ['鷹栖町', '東神楽町', '当麻町', '比布町', '愛別町', '上川町', '東川町', '美瑛町'],
    });
    expect(partnership.find((project) => project.number === '30')).toMatchObject({
      name: 'スポーツ合宿誘致事業',
      towns: ['比布町', '東川町'],
    });
    const linked = ASAHIKAWA_R4_REPORTS.map(
      (report) =>
        partnershipFor(
          [report.projectName, report.overview, ...report.budgetLines.map((line) => line.name)].join('\n'),
          partnership,
        )?.number ?? null,
    );
    expect(linked).toEqual([null, null, '12', '14', '13']);
    expect(partnership.find((project) => project.number === '14')!.towns).not.toContain('上川町');
  });
});
