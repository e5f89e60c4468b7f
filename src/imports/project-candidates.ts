import { comparable, type ComparableText, compareTexts, type TextRange } from '../common/text-similarity';
import { type GrantProject } from '../projects/grant-project.entity';
import { foldForMatching } from './cell-values';
import { type ParsedProject } from './import-model';

/** A name at least this alike is proposed as the stored project spelled another way (one or two characters in 20). */
export const CLOSE_NAME = 0.8;
/** With the same project number a looser likeness is proposed; the number alone is not, as sheets number their rows. */
export const CLOSE_NAME_SAME_NUMBER = 0.5;

/** A stored project whose name is close to the file's (never equal to it): perhaps the same project, spelled otherwise. */
export interface ProjectCandidate {
  project: GrantProject;
  similarity: number;
  sameProjectNumber: boolean;
  /** What differs, marked in the stored name and in the file's name. */
  storedNameRanges: TextRange[];
  fileNameRanges: TextRange[];
}

function sameNumber(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && foldForMatching(a) !== '' && foldForMatching(a) === foldForMatching(b);
}

/** Stored projects with their names read for comparing, once for all of a file's names. */
export type StoredNames = readonly { project: GrantProject; name: ComparableText }[];

export function storedNames(stored: Iterable<GrantProject>): StoredNames {
  return [...stored].map((project) => ({ project, name: comparable(project.name) }));
}

/** The stored project most like the file's, if any is close enough; ties go the same way every time. */
export function closestStoredProject(
  parsed: Pick<ParsedProject, 'name' | 'projectNumber'>,
  stored: StoredNames,
): ProjectCandidate | null {
  const parsedName = comparable(parsed.name);
  let best: ProjectCandidate | null = null;
  for (const { project, name } of stored) {
    const sameProjectNumber = sameNumber(parsed.projectNumber, project.projectNumber);
    const comparison = compareTexts(name, parsedName, sameProjectNumber ? CLOSE_NAME_SAME_NUMBER : CLOSE_NAME);
    if (!comparison) continue;
    const candidate: ProjectCandidate = {
      project,
      similarity: comparison.similarity,
      sameProjectNumber,
      storedNameRanges: comparison.rangesInFirst,
      fileNameRanges: comparison.rangesInSecond,
    };
    if (!best || ranksBefore(candidate, best)) best = candidate;
  }
  return best;
}

function ranksBefore(a: ProjectCandidate, b: ProjectCandidate): boolean {
  if (a.similarity !== b.similarity) return a.similarity > b.similarity;
  if (a.sameProjectNumber !== b.sameProjectNumber) return a.sameProjectNumber;
  return a.project.id < b.project.id;
}
