/** A value of untyped input (JSON payloads, query strings, form bodies) as text: a string as it is, anything else blank. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
