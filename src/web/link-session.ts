import type { Request } from 'express';
import { type SessionScope } from '../access/actor';
import { Role } from '../access/role';
import { cookieOf } from '../infra/http/plain-cookies';
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

/**
 * Set with a one-click link session, and left when it ends, so that the sign-in page then asks for the link in the
 * latest mail, not a password the expert may never have chosen: once the session is gone, nothing else tells. It names
 * no one and proves nothing (a marker someone set only changes that wording). Set as the session cookie is, without
 * an expiry: it lasts as long as the browser runs, and a sign-in with a password clears it.
 */
export const LINK_SESSION_MARKER = 'kpiv_link_session';

/** Whether the browser's last sign-in was a one-click link session (see LINK_SESSION_MARKER). */
export function signedInByLink(request: Request): boolean {
  return cookieOf(request, LINK_SESSION_MARKER) !== undefined;
}
