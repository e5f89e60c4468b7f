import { SUBMITTED_UNPUBLISHED } from '../rules/report-status';
import { statesFor } from '../rules/report-workflow';
import { PLANNING_LISTS } from './reports.repository';

describe('the index of reports submitted and not yet published', () => {
  it("holds every state the planning division's lists read across years, so that their condition selects it", () => {
    const listed = PLANNING_LISTS.flatMap(statesFor);

    expect(SUBMITTED_UNPUBLISHED).toEqual(expect.arrayContaining(listed));
  });
});
