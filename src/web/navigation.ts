import { formatFiscalYear } from '../common/japanese-era';
import { Role } from '../access/role';
import { type Organization } from '../organizations/organization.entity';
import { publicPaths } from '../publication/public-paths';

/** Only paths of this site: where signing in leads must never be elsewhere. */
export function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\\]*$/.test(next) ? next : '/';
}

/** Pages of one organization live under /o/:organizationId (the links in notification e-mails point there too). */
export function organizationPath(organizationId: string, rest = ''): string {
  return `/o/${organizationId}${rest ? `/${rest}` : ''}`;
}

/** Where a project's report of a fiscal year is started: the new-report form with both chosen (R8 as the form takes it). */
export function newReportPath(organizationId: string, projectId: string, fiscalYear: number): string {
  return organizationPath(
    organizationId,
    `new-report?projectId=${projectId}&fiscalYear=${encodeURIComponent(formatFiscalYear(fiscalYear))}`,
  );
}

export function reportPath(organizationId: string, reportId: string, rest = ''): string {
  return organizationPath(organizationId, `reports/${reportId}${rest ? `/${rest}` : ''}`);
}

/**
 * A report of another year as the reader may reach it: its page inside when they may open it, otherwise its page on
 * the public site (the published edition, which anyone may read).
 */
export function readableReportPath(
  organization: Pick<Organization, 'id' | 'localGovernmentCode'>,
  reportId: string,
  readable: boolean,
): string {
  return readable
    ? reportPath(organization.id, reportId)
    : publicPaths.report(organization.localGovernmentCode, reportId);
}

export interface NavigationLink {
  href: string;
  label: string;
  current: boolean;
}

/** Each role's own starting page, in the order a user holding several roles is most likely to need them. */
const ROLE_PAGES: { role: Role; path: string; label: string }[] = [
  { role: Role.PlanningDivision, path: 'board', label: '年度ボード' },
  { role: Role.PlanningDivision, path: 'summary', label: '年度のまとめ' },
  { role: Role.PlanningDivision, path: 'projects', label: '国提出事業' },
  { role: Role.PlanningDivision, path: 'imports', label: '報告の取込み' },
  { role: Role.PlanningDivision, path: 'admin/review-settings', label: '意見照会の設定' },
  { role: Role.PlanningDivision, path: 'experts', label: '外部有識者' },
  { role: Role.PlanningDivision, path: 'admin/audit', label: '監査ログ' },
  { role: Role.ProjectOwner, path: 'my-reports', label: '自分の報告' },
  { role: Role.ProjectOwner, path: 'projects', label: '国提出事業' },
  { role: Role.ProjectOwner, path: 'imports', label: '報告の取込み' },
  { role: Role.ExternalExpert, path: 'assignments', label: '担当する報告' },
  { role: Role.Administrator, path: 'board', label: '年度ボード' },
  { role: Role.Administrator, path: 'projects', label: '国提出事業' },
  { role: Role.Administrator, path: 'imports', label: '報告の取込み' },
  { role: Role.Administrator, path: 'experts', label: '外部有識者' },
  { role: Role.Administrator, path: 'admin/cycles', label: '年度サイクル' },
  { role: Role.Administrator, path: 'admin/users', label: '利用者と役割' },
  { role: Role.Administrator, path: 'admin/departments', label: '部署' },
  { role: Role.Administrator, path: 'admin/organization', label: '団体' },
  { role: Role.Administrator, path: 'admin/assessment-options', label: '評価区分の文言' },
  { role: Role.Administrator, path: 'admin/review-settings', label: '意見照会の設定' },
  { role: Role.Administrator, path: 'admin/failed-notifications', label: '送信できなかった通知' },
  { role: Role.Administrator, path: 'admin/audit', label: '監査ログ' },
];

export function navigationFor(organizationId: string, roles: Role[], currentPath: string): NavigationLink[] {
  const links = new Map<string, NavigationLink>();
  for (const page of ROLE_PAGES.filter((candidate) => roles.includes(candidate.role))) {
    const href = organizationPath(organizationId, page.path);
    if (!links.has(href))
      links.set(href, { href, label: page.label, current: currentPath === href || currentPath.startsWith(`${href}/`) });
  }
  return [...links.values()];
}

/** Where a user lands in an organization: the first page of their roles. */
export function startPageFor(organizationId: string, roles: Role[]): string {
  const page = ROLE_PAGES.find((candidate) => roles.includes(candidate.role));
  return organizationPath(organizationId, page?.path ?? 'inbox');
}
