import { PolicyDecision } from './assessment';
import {
  type AssessmentChoice,
  AssessmentScale,
  builtInChoices,
  type ChoiceEdit,
  effectiveChoices,
  findChoice,
  MAX_OPTIONS,
  offeredChoices,
  reviseChoices,
  storedWording,
} from './assessment-choices';

const POLICY = AssessmentScale.PolicyDecision;
const national = builtInChoices(POLICY);
const keys = (choices: AssessmentChoice[]) => choices.map((choice) => choice.key);
/** The national list as an administrator sends it back, with changes to some options. */
const edits = (changes: Partial<Record<string, Partial<ChoiceEdit>>> = {}): ChoiceEdit[] =>
  national.map(({ key, kind, label }) => ({ key, kind, label, ...changes[key] }));
let counter = 0;
const newKey = () => `custom_${++counter}`;

describe('assessment choices', () => {
  it('gives each national kind its own option, keyed by the kind and worded as the national form', () => {
    expect(keys(national)).toEqual(['continue', 'expand', 'end', 'revise', 'stop']);
    expect(national[0]).toEqual({
      key: 'continue',
      kind: PolicyDecision.Continue,
      label: '事業の継続',
      formText: '事業の継続 (計画通りに事業を継続する(または、概ね同内容で継続する))',
      retired: false,
    });
    expect(builtInChoices(AssessmentScale.EffectLevel)[0]).toMatchObject({
      key: 'very_effective',
      label: '地方創生に非常に効果的であった',
      formText: '地方創生に非常に効果的であった',
    });
  });

  it('uses the national list where the municipality has stored none', () => {
    expect(effectiveChoices(POLICY, [])).toEqual(national);
    const own = [{ ...national[0], label: '現状通り事業継続' }];
    expect(effectiveChoices(POLICY, own)).toBe(own);
  });

  it('offers the active options, and a retired one only to the report that has it', () => {
    const choices = [national[0], { ...national[4], retired: true }];
    expect(keys(offeredChoices(choices))).toEqual(['continue']);
    expect(keys(offeredChoices(choices, 'stop'))).toEqual(['continue', 'stop']);
    expect(findChoice(choices, 'stop')).toBeNull();
    expect(findChoice(choices, 'stop', 'stop')?.kind).toBe('stop');
    expect(findChoice(choices, 'nonsense')).toBeNull();
  });

  it('shows the wording a report was decided with, else (older reports) the national wording', () => {
    expect(storedWording(POLICY, PolicyDecision.Continue, { label: '現状通り事業継続', formText: null })).toEqual({
      label: '現状通り事業継続',
      formText: '現状通り事業継続',
    });
    expect(storedWording(POLICY, PolicyDecision.Continue, { label: null })).toEqual({
      label: '事業の継続',
      formText: '事業の継続 (計画通りに事業を継続する(または、概ね同内容で継続する))',
    });
    expect(storedWording(POLICY, null, { label: '現状通り事業継続' })).toBeNull();
  });

  describe('revising a list', () => {
    it('relabels, adds a new option with a fresh key, and keeps the order sent', () => {
      const sent = [
        ...edits({ continue: { label: ' 現状通り事業継続 ' } }),
        { kind: 'revise', label: '改善し事業継続', formText: '改善し事業継続(内容を改善して継続する)' },
      ];
      const { choices, problems } = reviseChoices(POLICY, national, sent, () => 'continue_2');
      expect(problems).toEqual([]);
      expect(choices[0]).toEqual({
        key: 'continue',
        kind: 'continue',
        label: '現状通り事業継続',
        formText: '現状通り事業継続',
        retired: false,
      });
      expect(choices[5]).toEqual({
        key: 'continue_2',
        kind: 'revise',
        label: '改善し事業継続',
        formText: '改善し事業継続(内容を改善して継続する)',
        retired: false,
      });
    });

    it('keeps the kind of an option of the list sent without one', () => {
      const { choices, problems } = reviseChoices(
        POLICY,
        national,
        national.map(({ key, label }) => ({ key, label })),
        newKey,
      );
      expect(problems).toEqual([]);
      expect(choices.map((choice) => choice.kind)).toEqual(national.map((choice) => choice.kind));
    });

    it('never hands out a key that is taken', () => {
      const keysToTry = ['continue', 'expand', 'fresh'];
      const { choices } = reviseChoices(POLICY, national, [...edits(), { kind: 'end', label: '期間の終了' }], () =>
        keysToTry.shift()!,
      );
      expect(choices[5].key).toBe('fresh');
    });

    it('keeps the form text only for policy decisions', () => {
      const levels = builtInChoices(AssessmentScale.EffectLevel);
      const { choices } = reviseChoices(
        AssessmentScale.EffectLevel,
        levels,
        levels.map(({ key, kind, label }) => ({ key, kind, label, formText: '長い文言' })),
        newKey,
      );
      expect(choices.every((choice) => choice.formText === choice.label)).toBe(true);
    });

    it.each<[string, ChoiceEdit[], string, RegExp]>([
      ['an empty label', edits({ end: { label: '  ' } }), '/options/2/label', /required/],
      [
        'a label twice (full- and half-width alike)',
        edits({ end: { label: 'ＡＢ' }, stop: { label: 'AB' } }),
        '/options/4/label',
        /already the label of option 3/,
      ],
      [
        'an unknown kind',
        [...edits(), { kind: 'pause', label: '休止' }],
        '/options/5/kind',
        /must be one of: continue, expand, end, revise, stop/,
      ],
      ['another kind for an option', edits({ end: { kind: 'stop' } }), '/options/2/kind', /keeps its kind/],
      ['a new option without a kind', [...edits(), { label: '休止' }], '/options/5/kind', /required for a new option/],
      [
        'a key not in the list',
        [...edits(), { key: 'custom_x', kind: 'end', label: '終了' }],
        '/options/5/key',
        /not an option/,
      ],
      ['an option twice', [...edits(), { key: 'end', kind: 'end', label: '終了' }], '/options/5/key', /once/],
      ['an option left out', edits().slice(1), '/options', /retired, never removed: send continue \(事業の継続\)/],
      [
        'every option retired',
        national.map((choice) => ({ ...choice, retired: true })),
        '/options',
        /at least one option must stay active/,
      ],
      ['an empty list', [], '/options', /at least one option/],
      [
        `more than ${MAX_OPTIONS} options`,
        [...edits(), ...Array.from({ length: 16 }, (_, i) => ({ kind: 'end', label: `終了${i}` }))],
        '/options',
        /at most 20/,
      ],
    ])('refuses %s', (_name, sent, path, message) => {
      const { problems } = reviseChoices(POLICY, national, sent, newKey);
      expect(problems.filter((problem) => problem.path === path).map((problem) => problem.message)).toContainEqual(
        expect.stringMatching(message),
      );
    });

    it('retires an option while another of the list stays active', () => {
      const { choices, problems } = reviseChoices(POLICY, national, edits({ stop: { retired: true } }), newKey);
      expect(problems).toEqual([]);
      expect(choices.find((choice) => choice.key === 'stop')?.retired).toBe(true);
    });
  });
});
