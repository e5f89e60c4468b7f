import { forOneMunicipality, nonEmptyOption, organizationCodeOption, refuseArguments } from './command-input';

describe('organizationCodeOption', () => {
  it('takes a code, trimmed', () => {
    expect(organizationCodeOption(' 012041 ')).toBe('012041');
  });

  it.each(['', '  '])('refuses %j, which would read as every municipality', (value) => {
    expect(() => organizationCodeOption(value)).toThrow(/^--organization-code must not be empty/);
  });
});

describe('nonEmptyOption', () => {
  it('takes a value, trimmed', () => {
    expect(nonEmptyOption('--organization-name', ' 旭川市 ', 'give its name')).toBe('旭川市');
  });

  it.each(['', ' \u3000'])('refuses %j, saying what to give instead', (value) => {
    expect(() => nonEmptyOption('--organization-name', value, 'give its name, such as 旭川市')).toThrow(
      '--organization-name must not be empty: give its name, such as 旭川市.',
    );
  });
});

describe('refuseArguments', () => {
  it('passes a command given none', () => {
    expect(() => refuseArguments('audit:verify', [], forOneMunicipality)).not.toThrow();
  });

  it('refuses a code given without its flag, saying how to give it', () => {
    expect(() => refuseArguments('audit:verify', ['012041'], forOneMunicipality)).toThrow(
      'audit:verify takes no arguments, not "012041" (for one municipality: --organization-code 012041).',
    );
  });
});
