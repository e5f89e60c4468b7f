import { type SessionScope } from '../access/actor';
import { Role } from '../access/role';
import { type NavigationLink, reportPath } from './navigation';

/** Where an expert who declined through a one-click link session is thanked (their list is closed to that session). */
export const LINK_SESSION_DECLINED_PATH = '/review-links/answered';

/**
 * A one-click link session reaches one report: its menu offers that report only, no organizations, no inbox, and the
 * report is its home (the service name and the error page lead there: the top page is closed to it).
 */
export function linkSessionLayout(currentPath: string, scope: SessionScope) {
  const href = reportPath(scope.organizationId, scope.reportId);
  const navigation: NavigationLink[] = [
    { href, label: '依頼された報告', current: currentPath === href || currentPath.startsWith(`${href}/`) },
  ];
  return {
    organizations: [],
    roles: [Role.ExternalExpert],
    navigation,
    inbox: undefined,
    linkSession: true,
    home: href,
  };
}

/** The tabs of a report a one-click link session may open (the routes that allow such sessions). */
export const LINK_SESSION_REPORT_TABS: readonly string[] = ['report', 'questions'];
