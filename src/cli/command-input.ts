import { isEmailAddress, typedEmail } from '../common/input-fields';

/**
 * The value of an option that must hold something: an empty one ("", as a script passes an unset variable) is refused
 * saying what to give `instead`, rather than stored or read as no option at all.
 */
export function nonEmptyOption(flag: string, value: string, instead: string): string {
  const given = value.trim();
  if (!given) throw new Error(`${flag} must not be empty: ${instead}.`);
  return given;
}

/**
 * The value of `--organization-code`: a municipality's code, never empty, the IME's full-width digits (「０１２０４１」)
 * read as the code they spell, as the pages read them.
 */
export function municipalityCodeOption(value: string, instead: string): string {
  return nonEmptyOption('--organization-code', value.normalize('NFKC'), instead);
}

/**
 * The value of `--organization-code` of the audit commands. An empty one would read as no option at all, and the
 * command would act on every chain.
 */
export function organizationCodeOption(value: string): string {
  return municipalityCodeOption(value, 'give a code such as 012041, or leave the option out for every municipality');
}

/** The value of `--email`: an address as sign-in reads it, so that the account named is one that can sign in. */
export function emailOption(value: string): string {
  const example = 'admin@city.example.lg.jp';
  const email = typedEmail(
    nonEmptyOption('--email', value, `give the e-mail address of the account, such as ${example}`),
  );
  if (!isEmailAddress(email))
    throw new Error(`--email must be an e-mail address, such as ${example}, not ${JSON.stringify(value)}.`);
  return email;
}

/**
 * Refuses what is left over after a command's options: the commands take none, and one given is most likely an
 * option's value without its flag (or a word meant as a flag), which would otherwise be ignored. `instead` says, for
 * the first one, what to type.
 */
export function refuseArguments(command: string, args: string[], instead: (first: string) => string): void {
  if (args.length === 0) return;
  const given = args.map((arg) => JSON.stringify(arg)).join(' ');
  throw new Error(`${command} takes no arguments, not ${given} (${instead(args[0])}).`);
}

/** What to type instead of a municipality's code given to an audit command without its flag. */
export const forOneMunicipality = (code: string): string => `for one municipality: --organization-code ${code}`;
