import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  const refused = (code: string, constraint?: string) =>
    new QueryFailedError('UPDATE', [], Object.assign(new Error('refused'), { code, constraint }));

  it('tells a duplicate the database refused, under any constraint or the one named', () => {
    expect(isUniqueViolation(refused('23505', 'UQ_email'))).toBe(true);
    expect(isUniqueViolation(refused('23505', 'UQ_email'), 'UQ_email')).toBe(true);
  });

  it('is false for another constraint, another refusal or an error that is not the database’s', () => {
    expect(isUniqueViolation(refused('23505', 'UQ_other'), 'UQ_email')).toBe(false);
    expect(isUniqueViolation(refused('23503', 'UQ_email'), 'UQ_email')).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
  });
});
