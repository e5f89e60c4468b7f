import { Role } from '../access/role';
import { startPageFor } from './navigation';

/** Where each role lands after signing in, as README's tour of the pages says. */
describe('startPageFor', () => {
  const organizationId = '00000000-0000-4000-8000-000000000001';
  it.each([
    [[Role.ProjectOwner], 'my-reports'],
    [[Role.ExternalExpert], 'assignments'],
    [[Role.PlanningDivision], 'board'],
    // An administrator runs the year too: the board first, the organization's pages one click away.
    [[Role.Administrator], 'board'],
    [[Role.ProjectOwner, Role.PlanningDivision], 'board'],
  ])('sends %j to %s', (roles, page) => {
    expect(startPageFor(organizationId, roles)).toBe(`/o/${organizationId}/${page}`);
  });
});
