import { PanelRating } from '../../reports/report/assessment';
import { AssessmentScale, builtInChoices } from '../../reports/report/assessment-choices';
import type { OpinionsView } from '../../reports/reviews/reviews.dto';
import { FormState } from '../forms';
import type { ReportPage } from './report-page-types';
import { consolidateTab, suggestedRating } from './consolidate-tab';

const NATIONAL = builtInChoices(AssessmentScale.PanelRating);
const given = (rating: PanelRating) => ({ rating, opinionSubmittedAt: '2026-07-01T00:00:00.000Z' });
const notYet = { rating: null, opinionSubmittedAt: null };

describe('suggestedRating', () => {
  it('chooses the rating every expert who gave an opinion chose, and says so', () => {
    expect(suggestedRating([given(PanelRating.Effective), given(PanelRating.Effective), notYet], NATIONAL)).toEqual({
      key: PanelRating.Effective,
      hint: '委員の評価がすべて「総合戦略のKPI達成に有効であった」のため、選んであります。',
    });
  });

  it('chooses nothing when the ratings differ, and counts each in the order of the scale', () => {
    const opinions = [given(PanelRating.Effective), given(PanelRating.VeryEffective), given(PanelRating.Effective)];
    expect(suggestedRating(opinions, NATIONAL)).toEqual({
      key: null,
      hint: '委員の評価: 「総合戦略のKPI達成に非常に有効であった」1人、「総合戦略のKPI達成に有効であった」2人',
    });
  });

  it('chooses nothing and says nothing before any opinion is given', () => {
    expect(suggestedRating([notYet], NATIONAL)).toEqual({ key: null, hint: '' });
  });

  it('chooses the municipality’s own option of that kind', () => {
    const own = [
      { key: 'a', kind: PanelRating.VeryEffective, label: '大いに有効', formText: '大いに有効', retired: false },
      { key: 'b', kind: PanelRating.Effective, label: '有効', formText: '有効', retired: false },
    ];
    expect(suggestedRating([given(PanelRating.Effective)], own).key).toBe('b');
  });

  it('chooses nothing where the municipality words that kind as two options, but still counts', () => {
    const own = [
      { key: 'b1', kind: PanelRating.Effective, label: '有効', formText: '有効', retired: false },
      { key: 'b2', kind: PanelRating.Effective, label: 'おおむね有効', formText: 'おおむね有効', retired: false },
    ];
    expect(suggestedRating([given(PanelRating.Effective)], own)).toEqual({
      key: null,
      hint: '委員の評価: 「総合戦略のKPI達成に有効であった」1人',
    });
  });
});

describe('consolidateTab', () => {
  const page = { assessment: { ratings: NATIONAL } } as unknown as ReportPage;
  const opinions = (ratings: PanelRating[]): OpinionsView =>
    ({ opinions: ratings.map(given), suggestedOpinion: '', allExpertsDone: true }) as unknown as OpinionsView;

  it('starts a fresh ⑦ form from the experts’ common rating', () => {
    const tab = consolidateTab(page, opinions([PanelRating.Effective]), new FormState());
    expect(tab.evaluateForm.value('/rating')).toBe(PanelRating.Effective);
    expect(tab.ratingChoices[0]).toEqual({ value: PanelRating.VeryEffective, text: NATIONAL[0].label });
  });

  it('keeps the rating planning chose on a form that comes back', () => {
    const back = new FormState({ '/rating': PanelRating.NotEffective, '/opinion': '…' });
    expect(consolidateTab(page, opinions([PanelRating.Effective]), back).evaluateForm).toBe(back);
  });
});
