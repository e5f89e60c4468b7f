import { auditActionLabel } from '../audit/audit-actions';
import { type AuditEntry } from '../audit/audit-entry.entity';
import { auditRolesText } from '../audit/audit-log';
import { spreadsheetCsvStream } from '../common/csv';
import { dateTimeInJapan } from '../common/dates';
import {
  type ActorNameOnEntry,
  actorNamesWhenWritten,
  loggedRolesText,
  type LogPeople,
} from '../users/audit-log-people';

/**
 * The columns of the 監査ログ CSV. Codes stay as they are stored (操作, 役割: what a program or a verification of the
 * chain reads), each with its Japanese beside it as the 監査ログ page words it: 操作の内容 right after 操作, 役割名 right
 * after 役割. 操作者名 stands right after 操作者 (the actor's id), which keeps its heading: a reader sees who acted by
 * id and name side by side. Every column keeps its heading; one added moves those after it one place right, which a
 * sheet that finds its columns by heading does not notice. 対象の役割 (after 対象ID) reads the role a membership or an
 * invitation entry's 詳細 holds, in Japanese with its department's current name: 詳細 names the department only by id.
 */
const HEADER = [
  '連番',
  '日時',
  '操作',
  '操作の内容',
  '操作者',
  '操作者名',
  '役割',
  '役割名',
  '対象種別',
  '対象ID',
  '対象の役割',
  'リクエストID',
  'IPアドレス',
  '詳細',
  'ハッシュ',
];

/**
 * The log's entries as CSV for Excel, a batch at a time as they are read; actors named by id as they were when each
 * entry was written (see actorNamesWhenWritten).
 */
export function auditLogCsv(batches: AsyncIterable<AuditEntry[]>, people: LogPeople) {
  return spreadsheetCsvStream(HEADER, csvRows(batches, actorNamesWhenWritten(people), people.departments));
}

async function* csvRows(
  batches: AsyncIterable<AuditEntry[]>,
  actorName: ActorNameOnEntry,
  departments: Map<string, string>,
): AsyncGenerator<unknown[][]> {
  for await (const entries of batches)
    yield entries.map((entry) => [
      entry.sequence,
      dateTimeInJapan(entry.occurredAt),
      entry.action,
      auditActionLabel(entry.action),
      entry.actorUserId ?? '',
      entry.actorUserId ? (actorName(entry.actorUserId, entry.id) ?? '') : '',
      entry.actorRoles.join(' '),
      auditRolesText(entry.actorRoles),
      entry.entityType ?? '',
      entry.entityId ?? '',
      loggedRolesText(entry.details, departments),
      entry.requestId ?? '',
      entry.ipAddress ?? '',
      JSON.stringify(entry.details),
      entry.hash,
    ]);
}
