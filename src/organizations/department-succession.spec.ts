import { currentSuccessorOf, retirementRefusal } from './department-succession';

const retired = new Date('2027-04-01T00:00:00+09:00');
const department = (id: string, successorId: string | null = null) => ({
  id,
  name: `${id}課`,
  retiredAt: successorId === null ? null : retired,
  successorId,
});

describe('currentSuccessorOf', () => {
  it('answers a current department itself', () => {
    expect(currentSuccessorOf([department('a')], 'a')?.id).toBe('a');
  });

  it('follows successors merged again in later years to the current one', () => {
    const departments = [department('a', 'b'), department('b', 'c'), department('c')];
    expect(currentSuccessorOf(departments, 'a')?.id).toBe('c');
  });

  it('answers none for an unknown department or one retired with nothing handed on', () => {
    const emptied = { ...department('a'), retiredAt: retired };
    expect(currentSuccessorOf([emptied], 'a')).toBeNull();
    expect(currentSuccessorOf([department('a')], 'z')).toBeNull();
  });

  it('answers none rather than loop on a damaged chain', () => {
    expect(currentSuccessorOf([department('a', 'b'), department('b', 'a')], 'a')).toBeNull();
  });
});

describe('retirementRefusal', () => {
  const none = { projects: 0, owners: 0 };

  it('lets a department with projects go into a current successor', () => {
    expect(retirementRefusal(department('a'), department('b'), { projects: 3, owners: 1 })).toBeNull();
  });

  it('lets a department with nothing to hand on go without a successor', () => {
    expect(retirementRefusal(department('a'), null, none)).toBeNull();
  });

  it('requires a successor while projects or owners remain, saying how many', () => {
    const refusal = retirementRefusal(department('a'), null, { projects: 2, owners: 0 });
    expect(refusal?.path).toBe('/successorId');
    expect(refusal?.message).toContain('2 project(s)');
    expect(retirementRefusal(department('a'), null, { projects: 0, owners: 1 })?.path).toBe('/successorId');
  });

  it('refuses the department itself as its successor', () => {
    expect(retirementRefusal(department('a'), department('a'), none)?.message).toContain('into itself');
  });

  it('refuses a retired successor, naming it', () => {
    expect(retirementRefusal(department('a'), department('b', 'c'), none)?.message).toContain(
      '「b課」 is itself retired',
    );
  });

  it('refuses a department retired already', () => {
    expect(retirementRefusal(department('a', 'b'), department('c'), none)?.message).toContain('already retired');
  });
});
