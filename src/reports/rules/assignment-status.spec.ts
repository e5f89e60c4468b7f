import { AssignmentStatus, awaitsOpinion } from './assignment-status';

describe('awaitsOpinion (whom the evaluation waits for)', () => {
  const at = new Date('2026-10-01T09:00:00+09:00');

  it.each([
    [AssignmentStatus.Pending, null, true],
    [AssignmentStatus.Accepted, null, true],
    [AssignmentStatus.Accepted, at, false],
    [AssignmentStatus.Declined, null, false],
    [AssignmentStatus.Dismissed, null, false],
    [AssignmentStatus.Removed, null, false],
  ])('an assignment %s with opinion %s: %s', (status, opinionSubmittedAt, awaited) => {
    expect(awaitsOpinion({ status, opinionSubmittedAt })).toBe(awaited);
  });
});
