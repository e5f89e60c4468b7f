import { Role } from '../../src/access/role';
import { newSecretToken, secretTokenHash } from '../../src/common/secret-token';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

describe('API: retiring a department (廃止) into its successor (統合)', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (person: string) => ({ Authorization: `Bearer ${cast.tokens[person]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const newDepartment = async (name: string): Promise<string> =>
    (await t.http().post(api('/departments')).set(as('admin')).send({ name }).expect(201)).body.id;
  const newProject = (departmentId: string, name: string) =>
    t.http().post(api('/projects')).set(as('admin')).send({
      departmentId,
      name,
      grantTypeCode: 'promotion',
      planStartFiscalYear: 2026,
      planEndFiscalYear: 2028,
    });
  const retire = (departmentId: string, body: Record<string, unknown> = {}, person = 'admin') =>
    t
      .http()
      .post(api(`/departments/${departmentId}/retirement`))
      .set(as(person))
      .send(body);

  const preview = (departmentId: string, successorId?: string, person = 'admin') =>
    t
      .http()
      .get(api(`/departments/${departmentId}/retirement${successorId ? `?successorId=${successorId}` : ''}`))
      .set(as(person));

  /** An invitation as a project owner of the department, and the link its mail would carry (no mail is sent here). */
  const inviteOwner = async (email: string, departmentId: string) => {
    const sent = await t
      .http()
      .post(api('/users'))
      .set(as('admin'))
      .send({ email, roles: [{ role: Role.ProjectOwner, departmentId }] })
      .expect(202);
    const token = newSecretToken();
    await t.dataSource.query('UPDATE invitations SET token_hash = $1 WHERE id = $2', [
      secretTokenHash(token),
      sent.body.invitationId,
    ]);
    return { invitationId: sent.body.invitationId as string, token };
  };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('moves the projects and the owners to the successor, and keeps the department, retired, in the list, but not among the current ones', async () => {
    const successorId = await newDepartment('産業振興課');
    const project = (await newProject(cast.departmentId, '企業誘致推進事業').expect(201)).body;
    const draft = (
      await t
        .http()
        .post(api('/reports'))
        .set(as('owner'))
        .send({ projectId: project.id, fiscalYear: 2026 })
        .expect(201)
    ).body;

    const before = await preview(cast.departmentId, successorId).expect(200);
    const title = expect.stringContaining('企業誘致推進事業');
    expect(before.body).toEqual({
      department: expect.objectContaining({ id: cast.departmentId, name: '経済部', retiredAt: null }),
      successor: expect.objectContaining({ id: successorId, name: '産業振興課' }),
      projects: [{ id: project.id, title }],
      // Its report not on the published record moves with it, as the project's department's.
      reports: [
        {
          id: draft.id,
          projectId: project.id,
          projectTitle: title,
          fiscalYear: 2026,
          status: 'draft',
          statusLabel: '作成中',
        },
      ],
      owners: [expect.objectContaining({ userId: cast.userIds.owner })],
    });

    const retired = await retire(cast.departmentId, { successorId }).expect(200);

    expect(retired.body).toMatchObject({ id: cast.departmentId, name: '経済部', successorId });
    expect(Date.parse(retired.body.retiredAt)).not.toBeNaN();
    const moved = await t
      .http()
      .get(api(`/projects/${project.id}`))
      .set(as('owner'))
      .expect(200);
    expect(moved.body.departmentId).toBe(successorId);
    const departments = await t.http().get(api('/departments')).set(as('owner')).expect(200);
    expect(departments.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: cast.departmentId, name: '経済部', successorId }),
        expect.objectContaining({ id: successorId, retiredAt: null }),
      ]),
    );
    // What a client offers to choose from: the current ones only, by name as the whole list has them.
    const current = await t.http().get(api('/departments?current=true')).set(as('owner')).expect(200);
    expect(current.body).toEqual(
      departments.body.filter(({ retiredAt }: { retiredAt: string | null }) => retiredAt === null),
    );
    expect(current.body.map(({ id }: { id: string }) => id)).toContain(successorId);
    expect(current.body.map(({ id }: { id: string }) => id)).not.toContain(cast.departmentId);
    const every = await t.http().get(api('/departments?current=false')).set(as('owner')).expect(200);
    expect(every.body).toEqual(departments.body);
    const unclear = await t.http().get(api('/departments?current=yes')).set(as('owner')).expect(400);
    expect(JSON.stringify(unclear.body)).toContain('current must be true or false');
    const [entry] = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'department.retired' AND entity_id = $1`,
      [cast.departmentId],
    );
    expect(entry.details).toMatchObject({ name: '経済部', successorId, projectIds: [project.id] });
  });

  it('refuses a retired department as the successor, a project or an invitation, naming where its work went', async () => {
    const successor = await t.http().get(api('/departments')).set(as('admin')).expect(200);
    const current = successor.body.find((department: { retiredAt: string | null }) => !department.retiredAt);
    const leaving = await newDepartment('商工課');
    await newProject(leaving, '商店街活性化事業').expect(201);

    const intoRetired = await retire(leaving, { successorId: cast.departmentId }).expect(422);
    expect(intoRetired.body.message).toBe(
      '「経済部」 is itself retired (廃止): choose a current department as the successor.',
    );
    const intoItself = await retire(leaving, { successorId: leaving }).expect(422);
    expect(intoItself.body.details).toEqual([expect.objectContaining({ path: '/successorId' })]);
    const withoutSuccessor = await retire(leaving).expect(422);
    expect(withoutSuccessor.body.message).toContain('choose the successor department');
    // Asked first, the summary is refused as the retirement would be.
    const refusedAlike = (asked: { body: object }, done: { body: object }) =>
      expect({ ...asked.body, requestId: undefined }).toEqual({ ...done.body, requestId: undefined });
    refusedAlike(await preview(leaving, cast.departmentId).expect(422), intoRetired);
    refusedAlike(await preview(leaving).expect(422), withoutSuccessor);

    const refusal = `The department 「経済部」 is retired (廃止); its work went to 「${current.name}」.`;
    expect((await newProject(cast.departmentId, '新規事業').expect(422)).body.message).toBe(refusal);
    const invitation = await t
      .http()
      .post(api('/users'))
      .set(as('admin'))
      .send({ email: 'new-owner@example.jp', roles: [{ role: Role.ProjectOwner, departmentId: cast.departmentId }] })
      .expect(422);
    expect(invitation.body.message).toBe(refusal);
  });

  it('answers 409 to retiring it again, 403 to anyone but an administrator, and 400 to a successor that is no id, asked or done', async () => {
    await retire(cast.departmentId).expect(409);
    await preview(cast.departmentId).expect(409);
    const other = await newDepartment('総務課');
    await retire(other, {}, 'planner').expect(403);
    await preview(other, undefined, 'planner').expect(403);
    const malformed = await retire(other, { successorId: 'keizai' }).expect(400);
    expect(JSON.stringify(malformed.body)).toContain('successorId must be a department id');
    expect(JSON.stringify((await preview(other, 'keizai').expect(400)).body)).toContain(
      'successorId must be a department id',
    );
    expect((await preview(other).expect(200)).body).toMatchObject({
      successor: null,
      projects: [],
      reports: [],
      owners: [],
    });
  });

  it('tells the invitee of a department retired since that the role is the successor’s, as accepting gives it', async () => {
    const office = await newDepartment('農政課');
    const successor = await newDepartment('総合政策部 企画課');
    const { invitationId, token } = await inviteOwner('nousei@example.jp', office);
    await retire(office, { successorId: successor }).expect(200);

    const listed = await t.http().get(api('/invitations')).set(as('admin')).expect(200);
    expect(listed.body.find(({ id }: { id: string }) => id === invitationId)).toMatchObject({
      acceptable: true,
      roles: [
        expect.objectContaining({
          departmentName: '農政課',
          departmentRetired: true,
          successorName: '総合政策部 企画課',
        }),
      ],
    });
    const page = await t.http().get(`/invitations/${token}`).expect(200);
    expect(shownText(page.text)).toContain(
      '事業担当課(総合政策部 企画課) 招待された「農政課」は廃止され、仕事を引き継いだ総合政策部 企画課の役割になります',
    );
  });

  it('refuses an invitation into a department retired with no successor, marks it, and lets the invitee decline it', async () => {
    const room = await newDepartment('臨時給付金室');
    const { invitationId, token } = await inviteOwner('kyufu@example.jp', room);
    await retire(room).expect(200);

    const registered = await t
      .http()
      .post('/api/v1/invitations/register')
      .send({ token, displayName: '給付 太郎', password: 'a long enough password' })
      .expect(410);
    expect(registered.body.message).toContain('ask the administrator who invited you for a new invitation');
    expect(await t.dataSource.query(`SELECT id FROM users WHERE email = 'kyufu@example.jp'`)).toEqual([]);
    const listed = await t.http().get(api('/invitations')).set(as('admin')).expect(200);
    expect(listed.body.find(({ id }: { id: string }) => id === invitationId)).toMatchObject({
      status: 'pending',
      acceptable: false,
      roles: [expect.objectContaining({ departmentName: '臨時給付金室', departmentRetired: true })],
    });
    // Sent again, its link could not be accepted either: the administrator is told to invite anew.
    const resent = await t
      .http()
      .post(api(`/invitations/${invitationId}/resend`))
      .set(as('admin'))
      .expect(409);
    expect(resent.body.message).toMatch(/retired with no successor.*revoke it and invite again/);

    // Declined, it is no longer open: answered, and the link works no more.
    await t.http().post('/api/v1/invitations/decline').send({ token }).expect(204);
    const after = await t.http().get(api('/invitations')).set(as('admin')).expect(200);
    expect(after.body.find(({ id }: { id: string }) => id === invitationId)).toMatchObject({
      status: 'declined',
      statusLabel: '辞退',
    });
    await t.http().post('/api/v1/invitations/decline').send({ token }).expect(410);
  });
});
