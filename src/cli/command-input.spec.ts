import { organizationCodeOption, refuseArguments } from './command-input';

describe('organizationCodeOption', () => {
  it('takes a code, trimmed', () => {
    expect(organizationCodeOption(' 012041 ')).toBe('012041');
  });

  it.each(['', '  '])('refuses %j, which would read as every municipality', (value) => {
    expect(() => organizationCodeOption(value)).toThrow(/^--organization-code must not be empty/);
  });
});

describe('refuseArguments', () => {
  it('passes a command given none', () => {
    expect(() => refuseArguments('audit:verify', [])).not.toThrow();
  });

  it('refuses a code given without its flag, saying how to give it', () => {
    expect(() => refuseArguments('audit:verify', ['012041'])).toThrow(
      'audit:verify takes no arguments, not "012041" (for one municipality: --organization-code 012041).',
    );
  });
});
