import { GrantProject } from '../projects/grant-project.entity';
import { closestStoredProject, storedNames } from './project-candidates';

const stored = (id: string, name: string, projectNumber: string | null = null) =>
  Object.assign(new GrantProject(), { id, name, projectNumber });

describe('closestStoredProject', () => {
  const design = stored('b', '旭川市デザイン都市創造プロジェクト', '4');
  const ictPark = stored('a', '青少年ICTパークプロジェクト', '5');

  it('proposes the stored project one or two characters away, with what differs', () => {
    const candidate = closestStoredProject(
      { name: '旭川市デザイン都市創出プロジェクト', projectNumber: null },
      storedNames([ictPark, design]),
    );
    expect(candidate).toMatchObject({
      project: design,
      sameProjectNumber: false,
      storedNameRanges: [{ start: 10, end: 11 }],
      fileNameRanges: [{ start: 10, end: 11 }],
    });
    expect(candidate!.similarity).toBeCloseTo(16 / 17, 5);
    expect(
      closestStoredProject({ name: '旭川市デザイン都市創出事業', projectNumber: null }, storedNames([design])),
    ).toBeNull();
  });

  it('needs less likeness with the same project number, but never proposes on the number alone', () => {
    const renamed = { name: '旭川市デザイン創造推進事業', projectNumber: '４' };
    expect(closestStoredProject(renamed, storedNames([design]))).toMatchObject({
      project: design,
      sameProjectNumber: true,
    });
    expect(closestStoredProject({ ...renamed, projectNumber: '3' }, storedNames([design]))).toBeNull();
    expect(
      closestStoredProject({ name: '青少年ICTパークプロジェクト', projectNumber: '4' }, storedNames([design])),
    ).toBeNull();
  });

  it('takes the closest, then the one with the same number, then the same one every time', () => {
    const file = { name: 'ABCDEFGHIJ', projectNumber: '1' };
    const one = stored('c', 'ABCDEFGHIX');
    const numbered = stored('d', 'ABCDEFGHIY', '1');
    const closer = stored('e', 'ABCDEFGHIJK');
    expect(closestStoredProject(file, storedNames([one, numbered]))!.project).toBe(numbered);
    expect(closestStoredProject(file, storedNames([one, numbered, closer]))!.project).toBe(closer);
    const twin = stored('a', 'ABCDEFGHIZ');
    expect(closestStoredProject(file, storedNames([one, twin]))!.project).toBe(twin);
    expect(closestStoredProject(file, storedNames([twin, one]))!.project).toBe(twin);
  });

  it('breaks a tie by the number even after a name as alike without it, whatever the arithmetic', () => {
    // 6 of 7 characters shared is 6/7, one edit in 7 is 1 − 1/7: a hair apart as floating point.
    const file = { name: 'ABCDEF', projectNumber: '1' };
    const unnumbered = stored('a', 'ABCDEFG');
    const numbered = stored('b', 'ABCDEFH', '1');
    expect(closestStoredProject(file, storedNames([unnumbered, numbered]))).toMatchObject({
      project: numbered,
      sameProjectNumber: true,
      storedNameRanges: [{ start: 6, end: 7 }],
      fileNameRanges: [],
    });
  });
});
