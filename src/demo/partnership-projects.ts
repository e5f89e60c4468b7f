import { foldForMatching } from '../common/text';
import { rowsFromText } from '../imports/source-rows';

/** A project of the regional partnership (連携中枢都市圏) and the towns taking part in it. */
export interface PartnershipProject {
  number: string | null;
  name: string;
  content: string;
  towns: string[];
}

const TAKES_PART = '○';

/**
 * The partnership table: under each "項目 | 事業内容 | town … | 連携町数" header, one row per project with ○ for
 * every town that takes part. The item number sits in its own column or in front of the name.
 */
export function parsePartnershipProjects(text: string): PartnershipProject[] {
  const projects: PartnershipProject[] = [];
  let header: string[] | null = null;
  for (const { cells } of rowsFromText(text).rows) {
    const trimmed = cells.map((cell) => cell.trim());
    if (trimmed.includes('項目') && trimmed.includes('事業内容')) {
      header = trimmed;
      continue;
    }
    if (!header) continue;
    const itemColumn = header.indexOf('項目');
    const contentColumn = header.indexOf('事業内容');
    const content = trimmed[contentColumn] ?? '';
    if (content === '') continue;
    const item = trimmed[itemColumn] ?? '';
    const numbered = /^(\d+)\s+(.+)$/.exec(item);
    const number =
      numbered?.[1] ?? (itemColumn > 0 && /^\d+$/.test(trimmed[itemColumn - 1] ?? '') ? trimmed[itemColumn - 1] : null);
    // Every project is numbered; the totals row (連携事業数計) and rules are not.
    if (number === null) continue;
    const towns = header.flatMap((town, column) =>
      column > contentColumn && town !== '' && town !== '連携町数' && trimmed[column] === TAKES_PART ? [town] : [],
    );
    projects.push({ number, name: numbered?.[2] ?? item, content, towns });
  }
  return projects;
}

/**
 * Terms by which the partnership table and the grant reports name the same undertaking; a report's project takes
 * part in a partnership project when both mention one of them.
 */
export const SHARED_TERMS = ['トライアルワーク', 'ICTパーク', 'ユネスコ創造都市ネットワーク'];

export function partnershipFor(projectText: string, partnership: PartnershipProject[]): PartnershipProject | null {
  const project = foldForMatching(projectText);
  const terms = SHARED_TERMS.map(foldForMatching).filter((term) => project.includes(term));
  return (
    partnership.find((candidate) =>
      terms.some((term) => foldForMatching(`${candidate.name}${candidate.content}`).includes(term)),
    ) ?? null
  );
}
