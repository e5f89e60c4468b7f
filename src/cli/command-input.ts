/**
 * The value of `--organization-code`: a municipality's code, never empty. An empty one ("", as a script passes an unset
 * variable) would read as no option at all, and the command would act on every chain.
 */
export function organizationCodeOption(value: string): string {
  const code = value.trim();
  if (!code)
    throw new Error(
      '--organization-code must not be empty: give a code such as 012041, or leave the option out for every municipality.',
    );
  return code;
}

/**
 * Refuses what is left over after a command's options: the commands that act on every chain take no arguments, and one
 * given is most likely a municipality's code without its flag, which would otherwise be ignored.
 */
export function refuseArguments(command: string, args: string[]): void {
  if (args.length === 0) return;
  const given = args.map((arg) => JSON.stringify(arg)).join(' ');
  throw new Error(
    `${command} takes no arguments, not ${given} (for one municipality: --organization-code ${args[0]}).`,
  );
}
