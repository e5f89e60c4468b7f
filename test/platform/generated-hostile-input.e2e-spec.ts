import { type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { type OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_RULE, type AccessRule } from '../../src/access/access.decorators';
import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import {
  type ApiOperation,
  apiOperations,
  type Fixtures,
  type HostileCase,
  hostileCases,
} from '../support/hostile-input';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { enterSeedReport, underReview } from '../support/report-scenario';
import { type RowCounter, rowCounter } from '../support/row-counts';
import { addUser, createTestApp, seedOrganization, signIn, type TestApp } from '../support/test-app';

/** Per operation (one per spoiled place where there are more): several kinds of wrong each, within a minute in all. */
const CASES_PER_OPERATION = 40;

/** The operations are taken in this many parts, each its own test, so a failure names fewer of them. */
const PARTS = 6;

/** Rows written on purpose when a request is refused: the audit trail of access decisions and sign-in attempts. */
const REFUSAL_RECORDS = { audit_entries: "action LIKE 'access.%' OR action LIKE 'auth.%'" };

const PRINCIPAL_OF_ROLE: Record<Role, string> = {
  [Role.Administrator]: 'admin',
  [Role.PlanningDivision]: 'planner',
  [Role.ProjectOwner]: 'owner',
  [Role.ExternalExpert]: 'expertA',
};

/** Stands in a body for the version the resource has when the request is sent. */
const CURRENT_VERSION = '<current version>';
const NOWHERE = '6d1f0c2e-4b7a-4f0e-9c3d-2a5b8e7f1a90';

/**
 * Requests generated from the OpenAPI document, each spoiling one parameter or body property of an otherwise
 * plausible request, sent as a user the route admits: never a server error, and a refusal writes nothing.
 */
describe('Generated hostile input on every API operation', () => {
  let t: TestApp;
  let cast: Cast;
  let document: OpenAPIObject;
  let operations: ApiOperation[];
  let rules: Map<string, AccessRule>;
  let counter: RowCounter;
  let fixtures: Fixtures;
  const versions = { report: 0, project: 0 };
  let refreshVersions: () => Promise<void>;
  const org = () => `/api/v1/organizations/${cast.organizationId}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    document = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    operations = apiOperations(document);
    rules = accessRules(t);

    const { draft, reviewed, assignmentId, questionId, cycleId } = await underReview(t, cast);

    // 釧路市: ids that exist, but not for 旭川市's users.
    const kushiro = await seedOrganization(t, '012068', '釧路市');
    const kushiroAdmin = { Authorization: `Bearer ${await signIn(t, 'admin@012068.example.jp')}` };
    const kushiroDepartment = (
      await t
        .http()
        .post(`/api/v1/organizations/${kushiro.organizationId}/departments`)
        .set(kushiroAdmin)
        .send({ name: '産業振興部' })
        .expect(201)
    ).body.id;
    const kushiroOwner = await addUser(
      t,
      kushiro.organizationId,
      'owner@012068.example.jp',
      Role.ProjectOwner,
      kushiroDepartment,
    );
    const kushiroReport = await enterSeedReport(
      t,
      await signIn(t, 'owner@012068.example.jp'),
      kushiro.organizationId,
      kushiroDepartment,
      ASAHIKAWA_R4_REPORTS[0],
    );
    const kushiroCycle = (
      await t
        .http()
        .post(`/api/v1/organizations/${kushiro.organizationId}/cycles`)
        .set(kushiroAdmin)
        .send({ fiscalYear: 2023, submissionDueDate: '2024-05-31' })
        .expect(201)
    ).body.id;
    const membershipOf = async (email: string, organizationId: string): Promise<string> =>
      (
        await t.dataSource.query(
          'SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.organization_id = $2',
          [email, organizationId],
        )
      )[0].id;
    const kushiroAdminUser = (
      await t.dataSource.query(`SELECT id FROM users WHERE email = 'admin@012068.example.jp'`)
    )[0].id;

    // Successors a retirement must refuse: a department already retired, and (below) another municipality's one.
    const retiredDepartment = (
      await t.http().post(`${org()}/departments`).set(as('admin')).send({ name: '旧臨時給付金室' }).expect(201)
    ).body.id;
    await t.http().post(`${org()}/departments/${retiredDepartment}/retirement`).set(as('admin')).send({}).expect(200);

    const childOfReviewed = (path: string) => /\{(assignmentId|questionId)\}/.test(path);
    const valid: Record<string, unknown> = {
      organizationId: cast.organizationId,
      projectId: draft.project.id,
      departmentId: cast.departmentId,
      userId: cast.userIds.expertB,
      membershipId: await membershipOf('expertb@example.jp', cast.organizationId),
      assignmentId,
      questionId,
      cycleId,
      notificationId: NOWHERE,
      deliveryId: NOWHERE,
      edition: 1,
      fiscalYear: 2022,
      from: 1,
      to: 1,
      experts: [cast.userIds.expertA],
      dueDate: dueInDays(30),
      version: CURRENT_VERSION,
      email: 'newcomer@example.jp',
      password: 'a long enough password',
      currentPassword: 'not the current password',
      newPassword: 'a brand new password',
      role: Role.ExternalExpert,
      checksum: '0'.repeat(64),
      deadlinesChecksum: '0'.repeat(64),
      text: '事業名\tテスト',
      keys: [],
    };
    const foreign: Record<string, string[]> = {
      organizationId: [kushiro.organizationId],
      departmentId: [kushiroDepartment],
      // The department itself is no successor either: its retirement would merge it into itself.
      successorId: [kushiroDepartment, retiredDepartment, cast.departmentId],
      projectId: [kushiroReport.project.id],
      userId: [kushiroAdminUser],
      actorUserId: [kushiroAdminUser],
      experts: [kushiroOwner.id],
      membershipId: [await membershipOf('admin@012068.example.jp', kushiro.organizationId)],
      cycleId: [kushiroCycle],
    };
    fixtures = {
      valid: (name, path) => (name === 'reportId' ? (childOfReviewed(path) ? reviewed.id : draft.id) : valid[name]),
      // The draft is foreign to an assignment or question of the reviewed report.
      foreign: (name, path) =>
        name === 'reportId' ? [kushiroReport.id, ...(childOfReviewed(path) ? [draft.id] : [])] : (foreign[name] ?? []),
    };
    refreshVersions = async () => {
      versions.report = (
        await t.http().get(`${org()}/reports/${draft.id}`).set(as('planner')).expect(200)
      ).body.version;
      versions.project = (
        await t.http().get(`${org()}/projects/${draft.project.id}`).set(as('planner')).expect(200)
      ).body.version;
    };
    await refreshVersions();
    counter = await rowCounter(t.config.databaseUrl, REFUSAL_RECORDS);
  }, 60_000);

  afterAll(async () => {
    await counter?.close();
    await t.close();
  });

  /** Who may call the route: one user per admitted role, taken in turn; no one for public routes. */
  function principalsOf(operation: ApiOperation): (string | null)[] {
    const rule = rules.get(operation.operationId);
    if (!rule || rule.kind === 'public') return [null];
    if (rule.kind === 'authenticated') return ['planner', 'owner'];
    return rule.roles.map((role) => PRINCIPAL_OF_ROLE[role]);
  }

  function send(operation: ApiOperation, hostile: HostileCase, principal: string | null) {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => hostile.pathParams[name]);
    let request = t.http()[operation.method](hostile.query ? `${path}?${hostile.query}` : path);
    if (principal) request = request.set(as(principal));
    const body = hostile.body;
    const version = operation.path.includes('{projectId}') ? versions.project : versions.report;
    if (body?.kind === 'json') {
      const text = JSON.stringify(body.value, (_key, value: unknown) => (value === CURRENT_VERSION ? version : value));
      request = request.set('Content-Type', 'application/json').send(text);
    }
    if (body?.kind === 'raw-json') request = request.set('Content-Type', 'application/json').send(body.text);
    if (body?.kind === 'multipart') {
      for (const [name, value] of Object.entries(body.fields)) request = request.field(name, String(value));
      if (body.file) request = request.attach('file', body.file.content, body.file.name);
    }
    return request;
  }

  it('knows the access rule of every operation', () => {
    expect(operations.filter((operation) => !rules.has(operation.operationId)).map((o) => o.operationId)).toEqual([]);
  });

  it('spoils the retirement of a department, asked and done, with successors it must refuse', () => {
    const retirement = operations.filter(({ path }) => path.endsWith('/departments/{departmentId}/retirement'));
    expect(retirement.map(({ method }) => method).sort()).toEqual(['get', 'post']);
    for (const operation of retirement) {
      const labels = hostileCases(document, operation, fixtures, CASES_PER_OPERATION).map(({ label }) => label);
      expect(labels).toEqual(expect.arrayContaining([expect.stringMatching(/successorId/)]));
    }
  });

  /** What is wrong with the answer to one hostile request, if anything; `counts` are the row counts before it. */
  async function problemWith(
    name: string,
    response: { status: number; body: unknown },
    counts: Record<string, number>,
    after: Record<string, number>,
  ): Promise<string | null> {
    if ('polluted' in Object.prototype) {
      delete (Object.prototype as Record<string, unknown>).polluted;
      return `${name} → ${response.status}, and polluted Object.prototype`;
    }
    if (response.status >= 500 || response.status === 0)
      return `${name} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
    if (response.status >= 400) {
      const written = Object.keys(after).filter((table) => after[table] !== counts[table]);
      return written.length ? `${name} → ${response.status}, yet changed rows of ${written.join(', ')}` : null;
    }
    // The spoiled value happened to be valid: not a refusal, and the versions may have moved on.
    await refreshVersions();
    return null;
  }

  it.each(Array.from({ length: PARTS }, (_, index) => index + 1))(
    'answers every generated request below 500, and a refusal leaves every table as it was (part %d)',
    async (part) => {
      const problems: string[] = [];
      let counts = await counter.counts();
      for (const operation of operations.filter((_, index) => index % PARTS === part - 1)) {
        const principals = principalsOf(operation);
        for (const [index, hostile] of hostileCases(document, operation, fixtures, CASES_PER_OPERATION).entries()) {
          const principal = principals[index % principals.length];
          const name = `${operation.method.toUpperCase()} ${operation.path} ${hostile.label}${principal ? ` as ${principal}` : ''}`;
          const response = await send(operation, hostile, principal).catch((error: Error) => ({
            status: 0,
            body: { message: error.message },
          }));
          const after = await counter.counts();
          const problem = await problemWith(name, response, counts, after);
          if (problem) problems.push(problem);
          counts = after;
        }
      }
      expect(problems).toEqual([]);
    },
    120_000,
  );
});

/** Each handler's access rule, by the operation id the document gives it (Controller_method). */
function accessRules(t: TestApp): Map<string, AccessRule> {
  const rules = new Map<string, AccessRule>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const rule: AccessRule | undefined =
          Reflect.getMetadata(ACCESS_RULE, controller.prototype[method]) ??
          Reflect.getMetadata(ACCESS_RULE, controller);
        if (rule) rules.set(`${controller.name}_${method}`, rule);
      }
    }
  }
  return rules;
}
