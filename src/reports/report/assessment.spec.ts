import { endsTheProject, PolicyDecision } from './assessment';

describe('endsTheProject', () => {
  it('counts 事業の終了 and 事業の中止 as the end of a project, and every other ⑧ kind as going on', () => {
    const ending = Object.values(PolicyDecision).filter(endsTheProject);

    expect(ending).toEqual([PolicyDecision.End, PolicyDecision.Stop]);
  });
});
