/** Length over complexity rules (NIST SP 800-63B): long passphrases, no forced character classes. */
export const PASSWORD_MIN_LENGTH = 10;
