import { SUBMITTED_UNPUBLISHED } from '../rules/report-status';
import { ReportAction, statesFor } from '../rules/report-workflow';
import { PLANNING_STEPS } from './reports.repository';

describe('the index of reports submitted and not yet published', () => {
  it("holds every state the planning division's lists read across years, so that their condition selects it", () => {
    const listed = [ReportAction.Accept, ReportAction.ApprovePolicy, ...PLANNING_STEPS].flatMap(statesFor);

    expect(SUBMITTED_UNPUBLISHED).toEqual(expect.arrayContaining(listed));
  });
});
