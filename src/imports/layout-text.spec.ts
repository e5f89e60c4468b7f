import { AssessmentScale, builtInChoices } from '../reports/report/assessment-choices';
import { matchPolicy, matchRating, splitEffect } from './layout-text';

const policies = builtInChoices(AssessmentScale.PolicyDecision);
/** A municipality that words 事業の継続 its own way and added an option that counts as revise. */
const own = [
  { ...policies[0], label: '現状通り事業継続', formText: '現状通り事業継続' },
  { key: 'custom_1', kind: policies[3].kind, label: '改善し事業継続', formText: '改善し事業継続', retired: true },
  ...policies.slice(1),
];

describe('reading ⑥–⑧ as printed', () => {
  it("matches the organization's own wording first, retired options too", () => {
    expect(matchPolicy('現状通り事業継続', own)).toMatchObject({ key: 'continue', label: '現状通り事業継続' });
    expect(matchPolicy('改善し事業継続', own)).toMatchObject({ key: 'custom_1', kind: 'revise' });
  });

  it('still reads the national wording, as the national option', () => {
    expect(matchPolicy('事業の継続 (計画通りに事業を継続する(または、概ね同内容で継続する))', own)).toMatchObject({
      key: 'continue',
      label: '事業の継続',
    });
    expect(matchPolicy('事業の中止(理由は別紙)')).toMatchObject({ key: 'stop' });
    expect(matchPolicy('休止')).toBeNull();
  });

  it('reads a rating and an effect level with their own wording', () => {
    const ratings = [{ ...builtInChoices(AssessmentScale.PanelRating)[0], label: 'とても有効' }];
    expect(matchRating('とても有効', ratings)).toMatchObject({ key: 'very_effective', label: 'とても有効' });
    const levels = [{ ...builtInChoices(AssessmentScale.EffectLevel)[2], label: '効果あり' }];
    expect(splitEffect('効果あり(新型コロナの影響あり)', levels)).toMatchObject({
      level: { key: 'effective', label: '効果あり' },
      narrative: '新型コロナの影響あり',
    });
    expect(splitEffect('地方創生に効果があった')).toMatchObject({ level: { key: 'effective' }, narrative: '' });
  });
});
