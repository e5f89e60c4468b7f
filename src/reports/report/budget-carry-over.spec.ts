import { ReportStatus } from '../rules/report-status';
import { budgetCarryOverRefusal, budgetItemsOf, carriedOverBudgetLines } from './budget-carry-over';

describe('Carrying the previous year’s ④ budget items over', () => {
  it('is for an empty ④ of a draft only', () => {
    expect(budgetCarryOverRefusal({ status: ReportStatus.Draft, budgetLines: [] })).toBeNull();
    expect(budgetCarryOverRefusal({ status: ReportStatus.Draft, budgetLines: [{}] })).toMatch(/already has/);
    expect(budgetCarryOverRefusal({ status: ReportStatus.Correcting, budgetLines: [] })).toMatch(/correcting/);
  });

  it('takes each item’s 事業名 and 概要 and leaves the year’s results and amounts empty', () => {
    expect(carriedOverBudgetLines([{ name: '戦略的国内外市場開拓推進費', summary: '販路を開拓する。' }])).toEqual([
      {
        name: '戦略的国内外市場開拓推進費',
        summary: '販路を開拓する。',
        results: '',
        budgetAmount: null,
        budgetGrantAmount: null,
        actualAmount: null,
        actualGrantAmount: null,
      },
    ]);
  });

  it('names items by lines that say something, dropping the rest of a line', () => {
    const line = { name: '', summary: '概要だけの行', results: '実績', budgetAmount: 1 };
    expect(budgetItemsOf([{ name: ' ', summary: '' }, line])).toEqual([{ name: '', summary: '概要だけの行' }]);
  });
});
