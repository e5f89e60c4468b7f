import {
  emailOption,
  forOneMunicipality,
  municipalityCodeOption,
  nonEmptyOption,
  organizationCodeOption,
  refuseArguments,
} from './command-input';

describe('organizationCodeOption', () => {
  it('takes a code, trimmed', () => {
    expect(organizationCodeOption(' 012041 ')).toBe('012041');
  });

  it('reads a code typed in full widths as the code it spells, as the pages do', () => {
    expect(organizationCodeOption('０１２０７６')).toBe('012076');
    expect(municipalityCodeOption('　０１２０７６　', 'give one')).toBe('012076');
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

describe('emailOption', () => {
  it('reads an address as sign-in does: full widths as what they spell, spaces at the ends left out', () => {
    expect(emailOption(' ａｄｍｉｎ＠city.example.lg.jp ')).toBe('admin@city.example.lg.jp');
  });

  it.each(['', ' '])('refuses %j as empty, with an example', (value) => {
    expect(() => emailOption(value)).toThrow(
      '--email must not be empty: give the e-mail address of the account, such as admin@city.example.lg.jp.',
    );
  });

  it.each(['admin', 'admin@', 'admin@city', `${'a'.repeat(250)}@example.jp`])(
    'refuses %j, which no one could sign in with',
    (value) => {
      expect(() => emailOption(value)).toThrow(
        `--email must be an e-mail address, such as admin@city.example.lg.jp, not ${JSON.stringify(value)}.`,
      );
    },
  );
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
