import { projectTitle } from './project-title';

describe('projectTitle', () => {
  it('puts the project number first when there is one', () => {
    expect(projectTitle({ projectNumber: '3', name: '移住促進事業' })).toBe('No.3 移住促進事業');
  });

  it('is the name alone without a number', () => {
    expect(projectTitle({ projectNumber: null, name: '移住促進事業' })).toBe('移住促進事業');
  });
});
