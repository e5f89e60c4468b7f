import { comparable, type ComparableText, compareTexts, similarity, type TextRange } from '../common/text-similarity';
import { type GrantProject } from '../projects/grant-project.entity';
import { foldForMatching } from '../common/text';
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

/** A project number as it matches another's (folded), or null when it has none: a blank number matches nothing. */
function matchingNumber(projectNumber: string | null): string | null {
  const folded = projectNumber === null ? '' : foldForMatching(projectNumber);
  return folded === '' ? null : folded;
}

/** Stored projects with their names and numbers read for comparing, once for all of a file's names. */
export type StoredNames = readonly { project: GrantProject; name: ComparableText; number: string | null }[];

export function storedNames(stored: Iterable<GrantProject>): StoredNames {
  return [...stored].map((project) => ({
    project,
    name: comparable(project.name),
    number: matchingNumber(project.projectNumber),
  }));
}

interface Ranked {
  stored: StoredNames[number];
  similarity: number;
  sameProjectNumber: boolean;
}

/** The stored project most like the file's, if any is close enough; ties go the same way every time. */
export function closestStoredProject(
  parsed: Pick<ParsedProject, 'name' | 'projectNumber'>,
  stored: StoredNames,
): ProjectCandidate | null {
  const parsedName = comparable(parsed.name);
  const parsedNumber = matchingNumber(parsed.projectNumber);
  let best: Ranked | null = null;
  for (const entry of stored) {
    const sameProjectNumber = parsedNumber !== null && parsedNumber === entry.number;
    // A name less alike than the best so far can never rank before it: given up on as soon as that is certain.
    const atLeast = sameProjectNumber ? CLOSE_NAME_SAME_NUMBER : CLOSE_NAME;
    const alike = similarity(entry.name, parsedName, atLeast, best?.similarity);
    if (alike === null) continue;
    const ranked = { stored: entry, similarity: alike, sameProjectNumber };
    if (!best || ranksBefore(ranked, best)) best = ranked;
  }
  if (!best) return null;
  // What differs is marked for the one proposed only: a file's name is compared with every stored one.
  const { rangesInFirst, rangesInSecond } = compareTexts(best.stored.name, parsedName)!;
  return {
    project: best.stored.project,
    similarity: best.similarity,
    sameProjectNumber: best.sameProjectNumber,
    storedNameRanges: rangesInFirst,
    fileNameRanges: rangesInSecond,
  };
}

function ranksBefore(a: Ranked, b: Ranked): boolean {
  if (a.similarity !== b.similarity) return a.similarity > b.similarity;
  if (a.sameProjectNumber !== b.sameProjectNumber) return a.sameProjectNumber;
  return a.stored.project.id < b.stored.project.id;
}
