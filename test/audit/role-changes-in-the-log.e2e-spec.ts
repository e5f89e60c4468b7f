import { parse } from 'csv-parse/sync';
import { Role } from '../../src/access/role';
import { AuditLog, auditEvent } from '../../src/audit/audit-log';
import { castAsahikawa, type Cast, renameDepartment } from '../support/organization-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

/**
 * What a change of roles did, readable in the log: 役割の追加 and 役割の削除 say which role, and for a project owner
 * which department, by its current name (a department gone since is said to be deleted), on the 監査ログ page and in
 * the CSV's 対象の役割; other entries whose details say what was done show it instead of 「—」 or a stored code, and
 * name the experts they were about.
 */
describe('Audit log: role changes and other described entries', () => {
  let t: TestApp;
  let cast: Cast;
  let admin: string;
  let industryId: string;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const org = () => `/api/v1/organizations/${cast.organizationId}`;

  /** The 変更内容 of the page's rows of one action, newest first. */
  const shownChanges = async (action: string): Promise<string[]> => {
    const page = await t.http().get(`/o/${cast.organizationId}/admin/audit`).query({ action }).set('Cookie', admin);
    expect(page.status).toBe(200);
    return [...page.text.matchAll(/<td data-label="変更内容">([\s\S]*?)<\/td>/g)].map((match) => shownText(match[1]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    admin = await sessionCookie(t, 'admin@012041.example.jp');
    industryId = (await t.http().post(`${org()}/departments`).set(as('admin')).send({ name: '商工課' }).expect(201))
      .body.id;
    // The planner also drafts for 商工課 for a while, then hands that back.
    const granted = await t
      .http()
      .post(`${org()}/users/${cast.userIds.planner}/memberships`)
      .set(as('admin'))
      .send({ role: 'project_owner', departmentId: industryId })
      .expect(201);
    await t.http().delete(`${org()}/memberships/${granted.body.id}`).set(as('admin')).expect(204);
    // Renamed since: the log reads the department's name of today.
    await renameDepartment(t, cast.tokens.admin, cast.organizationId, industryId, '産業振興課');
  });

  afterAll(() => t.close());

  it('shows the role and its department’s current name for 役割の追加 and 役割の削除', async () => {
    expect(await shownChanges('membership.revoked')).toEqual(['役割: 事業担当課(産業振興課)']);
    expect(await shownChanges('membership.granted')).toEqual([
      '役割: 事業担当課(産業振興課)',
      '役割: 企画政策課',
      '役割: 企画政策課',
      '役割: 外部有識者',
      '役割: 外部有識者',
      '役割: 事業担当課(経済部)',
      '役割: システム管理者',
    ]);
  });

  it('says a department deleted since is deleted, rather than showing its id', async () => {
    await t.dataSource.query(
      `INSERT INTO audit_entries (chain, organization_id, occurred_at, action, entity_type, entity_id, details)
       VALUES ($1, $2, now(), 'membership.revoked', 'user', $3, $4)`,
      [
        `org:${cast.organizationId}`,
        cast.organizationId,
        cast.userIds.owner,
        { role: 'project_owner', departmentId: '00000000-0000-4000-8000-000000000000' },
      ],
    );
    expect((await shownChanges('membership.revoked'))[0]).toBe('役割: 事業担当課(削除された部署)');
  });

  it('names the role and department in the CSV’s 対象の役割, the id staying in 詳細', async () => {
    const csv = await t.http().get(`${org()}/audit/export.csv`).set(as('planner')).expect(200);
    const rows: Record<string, string>[] = parse(csv.text, { bom: true, columns: true });
    const roleChanges = rows.filter((row) => row['操作'].startsWith('membership.'));
    expect(roleChanges.slice(1, 3).map((row) => [row['操作'], row['対象の役割']])).toEqual([
      ['membership.revoked', '事業担当課(産業振興課)'],
      ['membership.granted', '事業担当課(産業振興課)'],
    ]);
    expect(JSON.parse(roleChanges[1]['詳細'])).toMatchObject({ departmentId: industryId });
    expect(rows.find((row) => row['操作'] === 'department.created')!['対象の役割']).toBe('');
  });

  it('describes other entries whose details say what was done', async () => {
    expect(await shownChanges('department.created')).toEqual(['部署名: 商工課', '部署名: 経済部']);
    await t.http().get(`${org()}/audit/export.csv`).set(as('planner')).expect(200);
    expect((await shownChanges('audit.exported'))[0]).toMatch(/^出力した記録: \d+件$/);
  });

  it('names the experts an entry was about and reads a refusal’s reason in Japanese, where 「—」 or a code stood', async () => {
    // Given: entries as the review's services write them (the flows that write them are specified elsewhere).
    const log = t.app.get(AuditLog);
    const planner = { userId: cast.userIds.planner, roles: [Role.PlanningDivision] };
    const report = { type: 'report', id: '00000000-0000-4000-8000-000000000001' };
    await log.record(
      auditEvent(cast.organizationId, planner, 'alternates.changed', report, {
        from: [],
        to: [cast.userIds.expertB, cast.userIds.expertA],
      }),
    );
    await log.record(
      auditEvent(
        cast.organizationId,
        { userId: cast.userIds.expertA, roles: [Role.ExternalExpert] },
        'assignment.declined',
        report,
        { assignmentId: 'a', declineReasonKind: 'outside_expertise', declineReason: '', suggestedExpert: null },
      ),
    );
    await log.record(
      auditEvent(
        cast.organizationId,
        { userId: null, roles: [] },
        'review_link.refused',
        { type: 'review_assignment', id: '00000000-0000-4000-8000-000000000002' },
        { reason: 'expired', reviewLinkId: null, userAgent: null },
      ),
    );
    await log.record(
      auditEvent(cast.organizationId, planner, 'assignment.reopened', report, {
        assignmentId: 'a',
        expertUserId: cast.userIds.expertA,
        dueDate: '2026-10-15',
      }),
    );

    expect(await shownChanges('alternates.changed')).toEqual(['補欠: なし → expertb、experta']);
    expect(await shownChanges('assignment.declined')).toEqual(['辞退の理由: 専門外']);
    expect(await shownChanges('review_link.refused')).toEqual(['理由: 有効期限切れのリンク']);
    expect(await shownChanges('assignment.reopened')).toEqual(['外部有識者: experta・回答期限: 令和8年10月15日']);
  });
});
