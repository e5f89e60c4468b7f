import { apiPath } from '../infra/http/api-path';
import { type AuditAction, auditActionLabel } from '../audit/audit-actions';
import { type AuditEntry } from '../audit/audit-entry.entity';
import { auditRolesText } from '../audit/audit-log';
import { diffDocuments, type FieldChange } from '../common/document-diff';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../reports/rules/report-status';
import { type ActorNameOnEntry } from '../users/audit-log-people';
import {
  AUDIT_CHANGE_WORDINGS,
  AUDIT_DETAIL_NOTES,
  AUDIT_UNNAMED_ACTORS,
  type ChangeWording,
} from './messages/field-labels';
import { deniedReasonText, foldedDenialsText } from './messages/error-messages';
import { queryString } from './list-query';
import { changeRow, reportChangeRows } from './reports/changes';

/** A refusal's entry, and the one its window wrote of the repeats it folded: both read as the refusal. */
const DENIAL_ACTIONS: AuditAction[] = ['access.denied', 'access.denials_folded'];

/** Entries on one page of an audit log. */
export const AUDIT_PAGE_SIZE = 50;

/** What an entry's details may say, as the pages show it. */
interface ShownDetails {
  fromStatus?: ReportStatus;
  toStatus?: ReportStatus;
  changes?: FieldChange[];
  comment?: string;
  reason?: string;
  body?: string;
}

/** Details that name accounts by id (an expert asked, reminded, stood in for): the notes name them. */
const PEOPLE_IN_DETAILS = ['expertUserId', 'alternateExpertUserId', 'onBehalfOfExpertUserId', 'experts'];

/** The accounts entries name (who acted, whom they were about, whose account it was): names to look up for a page. */
export function userIdsIn(entries: AuditEntry[]): string[] {
  return entries.flatMap((entry) => {
    // An alternates list changes from one list of experts to another.
    const keys = entry.action === 'alternates.changed' ? ['from', 'to'] : PEOPLE_IN_DETAILS;
    const named = keys.flatMap((key) => [entry.details[key]].flat()).filter((id) => typeof id === 'string');
    return [
      ...(entry.actorUserId ? [entry.actorUserId] : []),
      ...named,
      ...(entry.entityType === 'user' && entry.entityId ? [entry.entityId] : []),
    ];
  });
}

/** The reports entries name in their details (the one an expert's link opened), beside what they were done to. */
export function reportIdsIn(entries: AuditEntry[]): string[] {
  return entries.flatMap((entry) => (typeof entry.details.reportId === 'string' ? [entry.details.reportId] : []));
}

/** The projects entries name in their details (those a project was confirmed beside as another one). */
export function projectIdsIn(entries: AuditEntry[]): string[] {
  return entries.flatMap((entry) =>
    Array.isArray(entry.details.confirmedBeside)
      ? entry.details.confirmedBeside.filter((id) => typeof id === 'string')
      : [],
  );
}

/**
 * What else an entry's row names by id: departments (their current names), reports and projects (their titles), and
 * its actor as they were named when it was written (actorNamesWhenWritten), where known.
 */
interface RowNames {
  departments?: Map<string, string>;
  reports?: Map<string, string>;
  projects?: Map<string, string>;
  actorWhenWritten?: ActorNameOnEntry;
}

/**
 * An audit entry as the audit log pages show it: who did what, when, and what it changed; people by user id (their
 * current names, the actor's as it was then where given), and what RowNames names.
 */
export function auditEntryRow(
  entry: AuditEntry,
  names: Map<string, string>,
  { departments = new Map(), reports = new Map(), projects = new Map(), actorWhenWritten }: RowNames = {},
) {
  const details = entry.details as ShownDetails;
  return {
    sequence: entry.sequence,
    occurredAt: entry.occurredAt,
    ...(entry.actorUserId
      ? {
          actorName: actorWhenWritten?.(entry.actorUserId, entry.id) ?? names.get(entry.actorUserId) ?? '—',
          roles: auditRolesText(entry.actorRoles),
        }
      : unnamedActor(entry, names)),
    action: auditActionLabel(entry.action),
    transition:
      details.fromStatus && details.toStatus && details.fromStatus !== details.toStatus
        ? `${REPORT_STATUS_LABELS[details.fromStatus]} → ${REPORT_STATUS_LABELS[details.toStatus]}`
        : null,
    changes: changeRows(details.changes ?? [], AUDIT_CHANGE_WORDINGS[entry.action as AuditAction]),
    note:
      AUDIT_DETAIL_NOTES[entry.action as AuditAction]?.(entry.details, { departments, names, reports, projects }) ??
      (DENIAL_ACTIONS.includes(entry.action as AuditAction) ? deniedNote(entry.details) : null) ??
      details.comment ??
      details.reason ??
      details.body ??
      null,
    hash: entry.hash,
  };
}

/**
 * An entry's changed fields as the page reads them: a report's, or a settings entry's by its own wording, where a
 * change of a group of fields (a reminder's subject and body) reads as the fields in it that changed.
 */
function changeRows(changes: FieldChange[], wording?: ChangeWording) {
  if (!wording) return reportChangeRows(changes);
  const isGroup = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  return changes
    .flatMap((change) =>
      isGroup(change.before) || isGroup(change.after)
        ? diffDocuments(change.before ?? {}, change.after ?? {}).map((field) => ({
            ...field,
            path: `${change.path}${field.path}`,
          }))
        : [change],
    )
    .map((change) => changeRow(change, wording));
}

/**
 * A refusal as the page reads it: why, in Japanese where the kind of refusal is known, what was asked, and how many
 * repeats of it were folded before this entry.
 */
function deniedNote(details: Record<string, unknown>): string {
  const { reason, method, path, repeatsFolded } = details as {
    reason?: string;
    method?: string;
    path?: string;
    repeatsFolded?: number;
  };
  const folded = typeof repeatsFolded === 'number' && repeatsFolded > 0 ? `・${foldedDenialsText(repeatsFolded)}` : '';
  return `${deniedReasonText(reason ?? '')}(${method} ${path})${folded}`;
}

/** The API's CSV of the audit log (it takes the session cookie, so the link works from the pages), filtered as given. */
export function auditExportHref(organizationId: string, filters: Record<string, string | undefined>): string {
  return `/${apiPath(`organizations/${organizationId}/audit/export.csv`)}${queryString(filters)}`;
}

/**
 * Actions taken without signing in through an expert's review link, whose details name the expert
 * (details.expertUserId) where the link is known to be theirs: a request for a new link, granted or refused, through
 * a link the system knows; a refused use only of a live link whose expert's account is stopped. A mistyped or unknown
 * link, or a use of a revoked or expired one, names no expert.
 */
const THROUGH_AN_EXPERTS_LINK: readonly AuditAction[] = [
  'review_link.renewal_requested',
  'review_link.renewal_refused',
  'review_link.refused',
];

/**
 * Who acted when no account did: the system itself (start-up, the CLI, scheduled jobs: SYSTEM_ACTOR), whoever held an
 * expert's link, named as that expert, or else someone not signed in (a refused request), who must not read as the
 * system. The system has no role of a member to show beside its name.
 */
function unnamedActor(entry: AuditEntry, names: Map<string, string>): { actorName: string; roles: string } {
  if (entry.actorRoles.includes('system')) return { actorName: AUDIT_UNNAMED_ACTORS.system, roles: '' };
  const expert = THROUGH_AN_EXPERTS_LINK.includes(entry.action as AuditAction)
    ? names.get(entry.details.expertUserId as string)
    : undefined;
  return expert
    ? { actorName: expert, roles: AUDIT_UNNAMED_ACTORS.expertsLink }
    : { actorName: AUDIT_UNNAMED_ACTORS.notSignedIn, roles: '' };
}
