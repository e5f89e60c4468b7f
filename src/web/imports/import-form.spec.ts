import type { DryRunView, ImportedReportView } from '../../imports/imports.dto';
import { dryRunRows, importRequest, markedParts } from './import-form';

describe('the import form', () => {
  it('splits a name into plain and marked parts', () => {
    expect(markedParts('都市創造プロジェクト', [{ start: 3, end: 4 }])).toEqual([
      { text: '都市創', marked: false },
      { text: '造', marked: true },
      { text: 'プロジェクト', marked: false },
    ]);
    expect(markedParts('ab', [{ start: 0, end: 2 }])).toEqual([{ text: 'ab', marked: true }]);
    expect(markedParts('ab', [])).toEqual([{ text: 'ab', marked: false }]);
  });

  it('sends a choice per answered report, with the proposed project only for a link', () => {
    const request = importRequest({
      '/text': 'x',
      '/departmentId': 'd',
      '/projectChoices/0/projectId': 'p0',
      '/projectChoices/0/choice': 'link',
      '/projectChoices/2/projectId': 'p2',
      '/projectChoices/2/choice': 'new',
      '/projectChoices/3/projectId': 'p3',
    });
    expect(request.projectChoices).toEqual([
      { reportIndex: 0, choice: 'link', projectId: 'p0' },
      { reportIndex: 2, choice: 'new', projectId: undefined },
    ]);
    expect(request).toMatchObject({ text: 'x', departmentId: 'd', mode: undefined, sourceName: undefined });
  });

  it('lists a draft’s yearly actuals, marking those the published record fills in', () => {
    const report = {
      index: 0,
      project: { action: 'link', departmentId: 'd', kpis: [{ position: 1, name: '相談件数', unit: '件' }] },
      budgetLines: [],
      kpiResults: [
        {
          position: 1,
          latestValue: 130,
          latestAsOf: '2024-03',
          isReference: false,
          yearlyActuals: [
            { fiscalYear: 2022, value: 124 },
            { fiscalYear: 2023, value: 130 },
          ],
          carriedYears: [2022],
        },
      ],
      errors: [],
      warnings: [],
    } as unknown as ImportedReportView;

    const [row] = dryRunRows({ reports: [report] } as unknown as DryRunView, new Map());

    expect(row.values.kpis[0].yearlyActuals).toEqual([
      { fiscalYearLabel: 'R4年度', value: 124, carried: true },
      { fiscalYearLabel: 'R5年度', value: 130, carried: false },
    ]);
  });
});
