/**
 * Why two versions of a report cannot be compared: `path` names the query field refused. A field that is no version
 * of the report (0, negative, past the latest, not a number) is refused before `from` being after `to`.
 */
export interface ComparisonRefusal {
  path: '/from' | '/to';
  reason: 'not_a_version' | 'from_after_to';
  /** The versions the report has, as runs: "1–3, 5" (a version moved on without a revision leaves a gap). */
  versions: string;
}

/** `versions` (any order) as ascending runs of consecutive numbers: [5, 3, 2, 1] → "1–3, 5". */
export function versionRuns(versions: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const version of [...versions].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && version === last[1] + 1) last[1] = version;
    else runs.push([version, version]);
  }
  return runs.map(([first, last]) => (first === last ? `${first}` : `${first}–${last}`)).join(', ');
}

/** Null when `from` and `to` are both versions the report has a revision of, `from` not after `to`. */
export function comparisonRefusal(versions: readonly number[], from: number, to: number): ComparisonRefusal | null {
  const refusal = (path: ComparisonRefusal['path'], reason: ComparisonRefusal['reason']): ComparisonRefusal => ({
    path,
    reason,
    versions: versionRuns(versions),
  });
  if (!versions.includes(from)) return refusal('/from', 'not_a_version');
  if (!versions.includes(to)) return refusal('/to', 'not_a_version');
  return from > to ? refusal('/from', 'from_after_to') : null;
}
