import { type AuditEntry } from '../audit/audit-entry.entity';
import { spreadsheetCsvStream } from '../common/csv';
import { dateTimeInJapan } from '../common/dates';

/**
 * The columns of the 監査ログ CSV. 操作者名 stands right after 操作者 (the actor's id), which keeps its heading: a reader
 * sees who acted by id and name side by side. Every column keeps its heading and order; those after 操作者 are one place
 * further right, which a sheet that finds its columns by heading does not notice.
 */
const HEADER = [
  '連番',
  '日時',
  '操作',
  '操作者',
  '操作者名',
  '役割',
  '対象種別',
  '対象ID',
  'リクエストID',
  'IPアドレス',
  '詳細',
  'ハッシュ',
];

/** The log's entries as CSV for Excel, a batch at a time as they are read; actors named by id (see actorNames). */
export function auditLogCsv(batches: AsyncIterable<AuditEntry[]>, names: Map<string, string>) {
  return spreadsheetCsvStream(HEADER, csvRows(batches, names));
}

async function* csvRows(batches: AsyncIterable<AuditEntry[]>, names: Map<string, string>): AsyncGenerator<unknown[][]> {
  for await (const entries of batches)
    yield entries.map((entry) => [
      entry.sequence,
      dateTimeInJapan(entry.occurredAt),
      entry.action,
      entry.actorUserId ?? '',
      entry.actorUserId ? (names.get(entry.actorUserId) ?? '') : '',
      entry.actorRoles.join(' '),
      entry.entityType ?? '',
      entry.entityId ?? '',
      entry.requestId ?? '',
      entry.ipAddress ?? '',
      JSON.stringify(entry.details),
      entry.hash,
    ]);
}
