import { foldForMatching } from '../common/text';
import { readNumber } from '../imports/cell-values';

/** A budget item of a policy area, e.g. 【デザイン推進事業費】 [公約] 37,119千円. */
export interface PolicyItem {
  name: string;
  /** Earlier names of the item ((旧:…／…)), so last year's budget lines still match. */
  formerNames: string[];
  /** 千円 */
  amount: number | null;
  /** [公約]: the mayor's pledge. */
  pledge: boolean;
  /** (新): new this year. */
  isNew: boolean;
  /** 重点事業 (focus) or 主要事業 (main). */
  focus: boolean;
}

/** 施策: one policy area of a department, with its budget items. */
export interface PolicyArea {
  name: string;
  items: PolicyItem[];
}

const ITEM = /^【(\(新\))?(.+?)】\s*(\[公約\])?\s*([\d,]+)\s*千円/;
const FORMER = /^\(旧[:：](.+)\)$/;

/**
 * A department's "施策と主な事業内容" (旭川市経済部 R6): each policy area is the heading right above its
 * 重点事業 list, followed by 【item】 lines with amounts. Sections without 重点事業 (特別会計) are not policy areas.
 */
export function parsePolicyAreas(text: string): PolicyArea[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const areas: PolicyArea[] = [];
  let focus = true;
  lines.forEach((line, index) => {
    if (line === '重点事業' || line === '主要事業') {
      focus = line === '重点事業';
      if (focus && index > 0) areas.push({ name: lines[index - 1], items: [] });
      return;
    }
    const area = areas[areas.length - 1];
    const item = ITEM.exec(line);
    if (item && area) {
      const amount = readNumber(item[4]);
      area.items.push({
        name: item[2].trim(),
        formerNames: [],
        amount: amount.ok ? amount.value : null,
        pledge: Boolean(item[3]),
        isNew: Boolean(item[1]),
        focus,
      });
      return;
    }
    const former = FORMER.exec(line);
    if (former && area?.items.length)
      area.items[area.items.length - 1].formerNames.push(...former[1].split(/[／/]/).map((name) => name.trim()));
  });
  return areas;
}

/**
 * The policy area most of a project's budget lines belong to (by count, then by amount); null when none matches.
 * Names are compared ignoring spacing, as the seeds break them across lines ("旭川工芸技術等 継承事業費").
 */
export function policyAreaFor(
  lines: { name: string; budgetAmount: number | null }[],
  areas: PolicyArea[],
): string | null {
  const scores = areas.map((area) => {
    const names = new Set(area.items.flatMap((item) => [item.name, ...item.formerNames]).map(foldForMatching));
    const matched = lines.filter((line) => names.has(foldForMatching(line.name)));
    return {
      area: area.name,
      count: matched.length,
      amount: matched.reduce((sum, line) => sum + (line.budgetAmount ?? 0), 0),
    };
  });
  const best = scores.filter((score) => score.count > 0).sort((a, b) => b.count - a.count || b.amount - a.amount)[0];
  return best?.area ?? null;
}
