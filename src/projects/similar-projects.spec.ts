import { Role } from '../access/role';
import { type OrganizationActor } from '../access/actor';
import { type GrantProject } from './grant-project.entity';
import { identityChanged, isLikelyTwin, newTwins, similarProjectFor } from './similar-projects';

describe('isLikelyTwin', () => {
  const stored = {
    projectNumber: '2',
    name: 'とかち農業交流拠点施設整備事業',
    planStartFiscalYear: 2024,
    planEndFiscalYear: 2026,
  };

  it('is a twin of the same number and name, widths and spaces aside, whose plan period shares a year', () => {
    expect(isLikelyTwin({ ...stored, projectNumber: '２', name: 'とかち農業交流拠点　施設整備事業 ' }, stored)).toBe(
      true,
    );
    expect(isLikelyTwin({ ...stored, planStartFiscalYear: 2026, planEndFiscalYear: 2028 }, stored)).toBe(true);
    expect(isLikelyTwin({ ...stored, projectNumber: null }, { ...stored, projectNumber: null })).toBe(true);
  });

  it('is not one of another number (a blank one included), another name or a plan period of its own', () => {
    expect(isLikelyTwin({ ...stored, projectNumber: '3' }, stored)).toBe(false);
    expect(isLikelyTwin({ ...stored, projectNumber: null }, stored)).toBe(false);
    expect(isLikelyTwin({ ...stored, name: 'とかち農業交流拠点施設整備事業(第2期)' }, stored)).toBe(false);
    expect(isLikelyTwin({ ...stored, planStartFiscalYear: 2027, planEndFiscalYear: 2029 }, stored)).toBe(false);
  });
});

describe('similarProjectFor', () => {
  const project = {
    id: 'p-1',
    departmentId: 'd-agriculture',
    department: { name: '農政課' },
    projectNumber: '2',
    name: '農業交流事業',
    planStartFiscalYear: 2024,
    planEndFiscalYear: 2026,
  } as GrantProject;
  const actor = (roles: Role[], departmentIds: string[] = []) => ({ roles, departmentIds }) as OrganizationActor;

  it('shows a project the caller sees with what opens it and its plan period', () => {
    const seen = { id: 'p-1', planPeriodLabel: 'R6年度～R8年度' };
    expect(similarProjectFor(actor([Role.PlanningDivision]), project).seen).toEqual(seen);
    expect(similarProjectFor(actor([Role.ProjectOwner], ['d-agriculture']), project).seen).toEqual(seen);
  });

  it("shows another department's project to its owner by title and department only", () => {
    expect(similarProjectFor(actor([Role.ProjectOwner], ['d-tourism']), project)).toEqual({
      projectNumber: '2',
      name: '農業交流事業',
      departmentName: '農政課',
      seen: null,
    });
  });
});

describe('newTwins', () => {
  const identity = { projectNumber: '2', name: '農業交流事業', planStartFiscalYear: 2024, planEndFiscalYear: 2026 };
  const registered = { ...identity, id: 'p-1' } as GrantProject;
  const edited = { ...identity, id: 'p-2', name: '農業交流事業(第2期)' };

  it('are, for a registration, the stored projects it is a likely twin of', () => {
    expect(newTwins(identity, [registered, { ...registered, id: 'p-3', projectNumber: '3' }])).toEqual([registered]);
  });

  it('are, for an edit, the ones it became a twin of: neither itself nor one it was a twin of already', () => {
    expect(newTwins(identity, [registered, { ...edited } as GrantProject], edited)).toEqual([registered]);
    const twinBefore = { ...edited, id: 'p-4' } as GrantProject;
    expect(newTwins({ ...edited, planEndFiscalYear: 2027 }, [twinBefore], edited)).toEqual([]);
  });
});

describe('identityChanged', () => {
  const identity = { projectNumber: '2', name: '農業交流事業', planStartFiscalYear: 2024, planEndFiscalYear: 2026 };

  it('is a change of the No, the name or the plan period, and nothing else', () => {
    expect(identityChanged(identity, { ...identity })).toBe(false);
    expect(identityChanged(identity, { ...identity, projectNumber: null })).toBe(true);
    expect(identityChanged(identity, { ...identity, name: '観光事業' })).toBe(true);
    expect(identityChanged(identity, { ...identity, planEndFiscalYear: 2027 })).toBe(true);
  });
});
