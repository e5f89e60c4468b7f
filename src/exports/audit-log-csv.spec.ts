import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { type AuditEntry } from '../audit/audit-entry.entity';
import { type User } from '../users/user.entity';
import { auditLogCsv } from './audit-log-csv';

const PLANNER = '11111111-1111-4111-8111-111111111111';

const entry = (fields: Partial<AuditEntry>) =>
  ({
    id: '1',
    sequence: 1,
    occurredAt: new Date('2026-12-03T02:50:00.000Z'),
    actorUserId: null,
    actorRoles: [],
    entityType: null,
    entityId: null,
    requestId: null,
    ipAddress: null,
    details: {},
    hash: 'h',
    ...fields,
  }) as AuditEntry;

async function csvOf(entries: AuditEntry[]): Promise<string[][]> {
  const chunks: Buffer[] = [];
  const people = {
    members: [{ id: PLANNER, displayName: '企画 花子' } as User],
    formerMembers: new Map<string, string>(),
    renames: [],
    departments: new Map<string, string>(),
  };
  // One batch, as the log's reader would hand it over.
  for await (const chunk of auditLogCsv(Readable.from([entries]), people)) chunks.push(chunk as Buffer);
  return parse(Buffer.concat(chunks).toString('utf8'), { bom: true });
}

describe('auditLogCsv', () => {
  it('keeps each code with its Japanese beside it: 操作の内容 after 操作, 役割名 after 役割', async () => {
    const [header] = await csvOf([]);
    expect(header).toEqual([
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
    ]);
  });

  it('words the action and the roles as the 監査ログ page does, the codes unchanged', async () => {
    const [header, submitted, reminded] = await csvOf([
      entry({
        action: 'report.submitted',
        actorUserId: PLANNER,
        actorRoles: ['planning_division', 'administrator'],
      }),
      entry({ sequence: 2, action: 'assignment.reminded', actorRoles: ['system'] }),
    ]);
    const row = (cells: string[]) => Object.fromEntries(header.map((heading, index) => [heading, cells[index]]));
    expect(row(submitted)).toMatchObject({
      操作: 'report.submitted',
      操作の内容: '提出',
      操作者名: '企画 花子',
      役割: 'planning_division administrator',
      役割名: '企画政策課・システム管理者',
    });
    expect(row(reminded)).toMatchObject({
      操作: 'assignment.reminded',
      操作の内容: '外部有識者への催促',
      役割: 'system',
      役割名: 'システム',
    });
  });

  it('keeps the stored name of an action the log no longer writes in 操作の内容 rather than leaving it empty', async () => {
    const [, retired] = await csvOf([entry({ action: 'report.retired_action' })]);
    expect(retired.slice(2, 4)).toEqual(['report.retired_action', 'report.retired_action']);
  });
});
