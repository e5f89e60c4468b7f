import { DraftProgress } from '../../tasks/tasks.dto';
import { draftProgressText } from './draft-progress';

/** A draft's progress as the owner's lists say it, from what its submission still lacks. */
const said = (problems: { path: string; message: string }[]) =>
  draftProgressText(DraftProgress.of({ ready: problems.length === 0, problems }));

const problem = (path: string) => ({ path, message: `${path} is required` });

describe('draftProgressText: how far a draft is, section by section (③–⑥)', () => {
  it('names the sections still to enter, in the report’s order, after how many of the four are entered', () => {
    expect(said([problem('/effectNarrative')])).toBe('4項目中3項目入力済み・残り ⑥事業効果');
    expect(said([problem('/effectLevel'), problem('/kpiResults/0/latestValue'), problem('/budgetLines')])).toBe(
      '4項目中1項目入力済み・残り ④市予算事業、⑤重要業績評価指標(KPI)、⑥事業効果',
    );
  });

  it('counts a section once, however many of its fields are missing', () => {
    expect(said([problem('/budgetLines/0/name'), problem('/budgetLines/1/actualAmount')])).toBe(
      '4項目中3項目入力済み・残り ④市予算事業',
    );
  });

  it('keeps a section open while a warning in it waits to be confirmed, as the report page does', () => {
    expect(said([{ path: '/typedTotals/budgetAmount', message: 'confirm or correct: …' }])).toBe(
      '4項目中3項目入力済み・残り ④市予算事業',
    );
  });

  it('says a complete draft can be submitted', () => {
    expect(said([])).toBe('すべて入力済み・提出できます');
  });

  it('does not promise submission while something outside ③–⑥ stands in the way', () => {
    expect(said([problem('/fiscalYear')])).toBe('すべて入力済み・提出の前に報告書の確認事項をご覧ください');
  });
});
