import { type SourceSheet } from './import-model';
import { type IssueList } from './issues';
import { filledCells } from './layout-text';

/** A name of a city, town or village: no spaces, brackets or commas; not 本市・当市・各市・市町村 and the like. */
const NAME = String.raw`(?![本当各同全他市町村])[^\s()（）、，,・]{1,12}?[市町村]`;
/** A KPI header saying whose share the figures are: 「指標名(旭川市関係分)」. */
const SHARE = new RegExp(String.raw`(?:^|[(（\s])(${NAME})\s*関係分`, 'u');
/** A title that starts with its municipality, after the fiscal year if any: 「令和4年度小樽市地方創生…の実績」. */
const TITLE_START = new RegExp(String.raw`^(?:(?:令和|平成|R|H)\s*(?:元|\d{1,2})\s*年度\s*)?(${NAME})`, 'u');
/** …or ends with it in brackets: 「…事業実施結果報告(旭川市)」. */
const TITLE_END = new RegExp(String.raw`[(（]\s*(${NAME})\s*[)）]\s*$`, 'u');
/** Titles are a row of one cell that names the document; longer cells are what a report says. */
const MAX_TITLE_LENGTH = 80;
const isTitle = (cells: string[]) =>
  cells.length === 1 && cells[0].length <= MAX_TITLE_LENGTH && /報告|実績/.test(cells[0]);

const fold = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

/**
 * The municipalities a sheet says it belongs to, where a sheet says so: a KPI header's 「(旭川市関係分)」, or its
 * title. What a report's own text mentions (a partner town, a centre named after a city) is no such statement.
 */
function namedMunicipalities(sheets: SourceSheet[]) {
  return sheets.flatMap((sheet) =>
    sheet.rows.flatMap((row) => {
      const cells = filledCells(row);
      const patterns = isTitle(cells) ? [SHARE, TITLE_START, TITLE_END] : [SHARE];
      return cells.flatMap((cell) =>
        patterns.flatMap((pattern) => {
          const name = pattern.exec(cell)?.[1];
          return name ? [{ name: fold(name), cell, location: row.location }] : [];
        }),
      );
    }),
  );
}

/**
 * A sheet of another municipality than the importing organization is worth a warning, not a refusal: the sheet may
 * be right and the organization's name written otherwise (北海道旭川市). One warning per municipality named, at its
 * first mention; names that hold one another (旭川市, 北海道旭川市) are the same municipality.
 */
export function warnOfOtherMunicipalities(sheets: SourceSheet[], organizationName: string, issues: IssueList): void {
  const own = fold(organizationName);
  const warned = new Set<string>();
  for (const { name, cell, location } of namedMunicipalities(sheets)) {
    if (own.includes(name) || name.includes(own) || warned.has(name)) continue;
    warned.add(name);
    issues.warning(
      'other_municipality',
      '',
      `この表は${name}のもののようです(「${cell}」)。${organizationName}の報告として取り込んでよいか確かめてください。${name}の報告なら、${name}の取込みで取り込んでください。`,
      location,
    );
  }
}
