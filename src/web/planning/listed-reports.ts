import { type FormBody, list } from '../forms';

/**
 * A report a bulk page lists travels in its form as `<id>:<version>` (a checkbox's value, a confirmation's hidden
 * field): the version goes wherever the choice goes, so nothing pairs them by position, and the list shown again after
 * the report changed has its new value unticked.
 */
export function listedValue(report: { id: string; version: number }): string {
  return `${report.id}:${report.version}`;
}

/** The reports a bulk form names and the version each was listed at (NaN for a value no page of ours wrote). */
export function listedReports(body: FormBody, pointer: string): { reportIds: string[]; versions: number[] } {
  const listed = list(body, pointer).map((value) => {
    const separator = value.lastIndexOf(':');
    return separator < 0
      ? { id: value, version: NaN }
      : { id: value.slice(0, separator), version: Number(value.slice(separator + 1)) };
  });
  return { reportIds: listed.map((report) => report.id), versions: listed.map((report) => report.version) };
}
