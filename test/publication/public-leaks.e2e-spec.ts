import { Role } from '../../src/access/role';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log';
import { AdministratorBootstrap } from '../../src/users/administrator-bootstrap';
import { UsersService } from '../../src/users/users.service';
import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

const CODE = '012041';

/** Every state a report can be in, each reached by the API with something private planted on the way. */
const STAGES = [
  'draft',
  'submitted',
  'in_expert_review',
  'evaluated',
  'decision_proposed',
  'decided',
  'published',
  'corrected',
  'correcting',
  'correction_submitted',
  'withdrawn',
] as const;
type Stage = (typeof STAGES)[number];
const ORDER = (stage: Stage) => STAGES.indexOf(stage);
/** Stages whose report content is on the public record (the last edition, while a correction is made). */
const PUBLIC_CONTENT: Stage[] = ['published', 'corrected', 'correcting', 'correction_submitted'];

/** The people: every name and e-mail address is a marker that must never be public. */
const PEOPLE = {
  admin: { name: '氏名マーカー管理者', email: 'mail-marker-admin@leak-check.example.jp', role: Role.Administrator },
  owner: { name: '氏名マーカー担当者', email: 'mail-marker-owner@leak-check.example.jp', role: Role.ProjectOwner },
  expertA: {
    name: '氏名マーカー委員甲',
    email: 'mail-marker-expert-a@leak-check.example.jp',
    role: Role.ExternalExpert,
  },
  expertB: {
    name: '氏名マーカー委員乙',
    email: 'mail-marker-expert-b@leak-check.example.jp',
    role: Role.ExternalExpert,
  },
  planner: {
    name: '氏名マーカー企画',
    email: 'mail-marker-planner@leak-check.example.jp',
    role: Role.PlanningDivision,
  },
  approver: {
    name: '氏名マーカー承認',
    email: 'mail-marker-approver@leak-check.example.jp',
    role: Role.PlanningDivision,
  },
};
type Person = keyof typeof PEOPLE;

/** Finds the same-origin public links of a page or a sitemap, as paths. */
function linksIn(body: string, baseUrl: string): string[] {
  const found = [
    ...[...body.matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1]),
    ...[...body.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]),
    ...[...body.matchAll(/^Sitemap: (\S+)$/gm)].map((match) => match[1]),
  ];
  return found
    .map((link) => link.replace(/&amp;/g, '&').replace(/#.*$/, ''))
    .map((link) => (link.startsWith(baseUrl) ? link.slice(baseUrl.length) : link))
    .filter((link) => link.startsWith('/public/') || link === '/sitemap.xml');
}

/**
 * Nothing private reaches the public: an expert's individual opinion, a question and its answer, a comment sent back,
 * a person's name or e-mail address, and any content of a report that is not published — in every state a report can
 * be in — appears in no public response. The crawl starts where a visitor or a search engine would and follows every
 * public link (pages, sitemap, open-data files), so it covers each public page as it is added.
 */
describe('Public responses leak nothing private', () => {
  let t: TestApp;
  let organizationId: string;
  let departmentId: string;
  const tokens = {} as Record<Person, string>;
  const userIds = {} as Record<Person, string>;
  const reportIds = {} as Record<Stage, string>;
  const markers: string[] = [...Object.values(PEOPLE).flatMap((person) => [person.name, person.email])];
  /** Every public response: path → status and body. */
  const responses = new Map<string, { status: number; body: string }>();

  const api = (path: string) => `/api/v1/organizations/${organizationId}${path}`;
  const as = (who: Person) => ({ Authorization: `Bearer ${tokens[who]}` });
  const post = (path: string, who: Person, body: object = {}, status = 200) =>
    t.http().post(api(path)).set(as(who)).send(body).expect(status);
  /** A marker that must never be public, unique to what and where it was planted. */
  const marker = (what: string, stage: Stage) => {
    const text = `${what}マーカー${ORDER(stage)}号`;
    markers.push(text);
    return text;
  };

  async function reportAt(stage: Stage): Promise<void> {
    const publicContent = PUBLIC_CONTENT.includes(stage);
    const seed: SeedReport = {
      ...ASAHIKAWA_R4_REPORTS[0],
      number: 200 + ORDER(stage),
      // A withdrawn report keeps a notice with its project's name; its content leaves the public record.
      projectName:
        publicContent || stage === 'withdrawn' ? `公開確認事業${ORDER(stage)}` : marker('非公開事業名', stage),
      effectNarrative: publicContent ? '公表する事業効果の説明' : marker('非公開の事業効果', stage),
    };
    const id = (await enterSeedReport(t, tokens.owner, organizationId, departmentId, seed)).id;
    reportIds[stage] = id;
    // Before publication not even its id is public.
    if (ORDER(stage) < ORDER('published')) markers.push(id);
    const path = (rest: string) => `/reports/${id}${rest}`;
    if (stage === 'draft') return;

    // Returned once with a comment, then submitted again.
    await post(path('/submit'), 'owner');
    await post(path('/return'), 'planner', { comment: marker('差戻しコメント', stage) });
    await post(path('/submit'), 'owner');
    if (stage === 'submitted') return;

    await post(path('/accept'), 'planner', { experts: [userIds.expertA, userIds.expertB], dueDate: dueInDays(14) });
    const assignments: { id: string; expertUserId: string }[] = (
      await t
        .http()
        .get(api(path('/assignments')))
        .set(as('planner'))
        .expect(200)
    ).body;
    for (const [who, letter] of [
      ['expertA', '甲'],
      ['expertB', '乙'],
    ] as const) {
      const assignment = assignments.find((candidate) => candidate.expertUserId === userIds[who])!;
      await post(path(`/assignments/${assignment.id}/respond`), who, { accept: true, conflictOfInterest: 'none' });
      await t
        .http()
        .put(api(path(`/assignments/${assignment.id}/opinion`)))
        .set(as(who))
        .send({ rating: 'effective', opinion: marker(`委員${letter}の個別意見`, stage), opinionSubmittedAtRead: null })
        .expect(200);
    }
    const question = (await post(path('/questions'), 'expertB', { body: marker('委員の質問', stage) }, 201)).body;
    await post(path(`/questions/${question.id}/answer`), 'owner', { body: marker('担当課の回答', stage) }, 201);
    if (stage === 'in_expert_review') return;

    const opinion = publicContent ? ASAHIKAWA_R4_REPORTS[0].panelOpinion : marker('非公開のまとめ意見', stage);
    await post(path('/evaluate'), 'planner', { rating: 'effective', opinion });
    if (stage === 'evaluated') return;

    const reason = publicContent ? ASAHIKAWA_R4_REPORTS[0].policyReason : marker('非公開の方針理由', stage);
    await post(path('/propose'), 'planner', { decision: 'expand', reason: '仮の理由' });
    await post(path('/send-back'), 'approver', { comment: marker('方針案の差戻し', stage) });
    await post(path('/propose'), 'planner', { decision: 'continue', reason });
    if (stage === 'decision_proposed') return;

    await post(path('/approve'), 'approver');
    if (stage === 'decided') return;

    await post(path('/publish'), 'planner');
    if (stage === 'published') return;
    if (stage === 'withdrawn') {
      await post(path('/withdraw-publication'), 'admin', { reason: '公表内容の確認のため取り消します' });
      return;
    }
    // Correcting (and the correction submitted): the reason, the edit and a return of the correction stay private
    // until the corrected edition is published.
    const correcting = stage === 'correcting' || stage === 'correction_submitted';
    await post(path('/correct'), 'admin', {
      reason: correcting ? marker('訂正中の理由', stage) : '指標の表記を訂正しました',
    });
    const { version } = (
      await t
        .http()
        .get(api(path('')))
        .set(as('owner'))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(path('')))
      .set(as('owner'))
      .send({ version, effectNarrative: correcting ? marker('訂正中の本文', stage) : '訂正後の事業効果の説明' })
      .expect(200);
    if (stage === 'correcting') return;
    await post(path('/submit-correction'), 'owner');
    if (stage === 'corrected') {
      await post(path('/publish'), 'planner');
      return;
    }
    await post(path('/return-correction'), 'planner', { comment: marker('訂正の差戻し', stage) });
    await post(path('/submit-correction'), 'owner');
  }

  async function fetchPublic(path: string): Promise<void> {
    if (responses.has(path)) return;
    const response = await t
      .http()
      .get(path)
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    responses.set(path, { status: response.status, body: (response.body as Buffer).toString('utf8') });
  }

  /** Breadth first from the entry points, following every public link, until no new public URL is found. */
  async function crawl(entries: string[]): Promise<void> {
    const queue = [...entries];
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (responses.has(path)) continue;
      await fetchPublic(path);
      expect(responses.size).toBeLessThan(5000);
      for (const link of linksIn(responses.get(path)!.body, t.config.baseUrl))
        if (!responses.has(link)) queue.push(link);
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'error' });
    const admin = await t.app.get(AdministratorBootstrap).createAdministrator({
      email: PEOPLE.admin.email,
      displayName: PEOPLE.admin.name,
      password: TEST_PASSWORD,
      organizationCode: CODE,
      organizationName: '旭川市',
    });
    organizationId = admin.memberships![0].organizationId;
    userIds.admin = admin.id;
    tokens.admin = await signIn(t, PEOPLE.admin.email);
    departmentId = (await post('/departments', 'admin', { name: '経済部' }, 201)).body.id;
    for (const who of ['owner', 'expertA', 'expertB', 'planner', 'approver'] as const) {
      const person = PEOPLE[who];
      const user = await t.app
        .get(UsersService)
        .addMember(
          organizationId,
          { email: person.email, displayName: person.name, password: TEST_PASSWORD },
          [{ role: person.role, departmentId: person.role === Role.ProjectOwner ? departmentId : undefined }],
          SYSTEM_ACTOR,
        );
      userIds[who] = user.id;
      tokens[who] = await signIn(t, person.email);
    }
    for (const stage of STAGES) await reportAt(stage);
    const statuses = await Promise.all(
      STAGES.map(
        async (stage) =>
          (
            await t
              .http()
              .get(api(`/reports/${reportIds[stage]}`))
              .set(as('planner'))
          ).body,
      ),
    );
    expect(statuses.map((view) => [view.status, view.editions.length])).toEqual([
      ['draft', 0],
      ['submitted', 0],
      ['in_expert_review', 0],
      ['evaluated', 0],
      ['decision_proposed', 0],
      ['decided', 0],
      ['published', 1],
      ['published', 2],
      ['correcting', 1],
      ['correction_submitted', 1],
      ['withdrawn', 1],
    ]);

    await crawl(['/public/', '/sitemap.xml', '/robots.txt', `/public/${CODE}/`, `/public/${CODE}/open-data/`]);
    // And what someone might guess: every report's page and editions, by id.
    for (const id of Object.values(reportIds))
      for (const path of [
        `/public/${CODE}/reports/${id}`,
        ...[1, 2].map((n) => `/public/${CODE}/reports/${id}/editions/${n}`),
      ])
        await crawl([path]);
  }, 240_000);

  afterAll(() => t?.close());

  it('crawls the public record: the pages it links to and every open-data file', () => {
    const paths = [...responses.keys()];
    for (const file of ['kpis.csv', 'reports.csv', 'budget-lines.csv', 'data.json'])
      for (const scope of ['2022', 'all']) expect(paths).toContain(`/public/${CODE}/open-data/${scope}/${file}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        `/public/${CODE}/feed.atom`,
        `/public/${CODE}/open-data/columns/kpis.csv`,
        `/public/${CODE}/open-data/columns/reports.csv`,
        `/public/${CODE}/open-data/columns/budget-lines.csv`,
      ]),
    );
    const found = (id: string) =>
      [...responses.values()].some(({ status, body }) => status === 200 && body.includes(id));
    for (const stage of ['published', 'corrected'] as const)
      expect([stage, found(reportIds[stage])]).toEqual([stage, true]);
  });

  it('answers 404 for a report in every state before publication, by page, edition or file', () => {
    for (const stage of STAGES.filter((candidate) => ORDER(candidate) < ORDER('published'))) {
      const id = reportIds[stage];
      for (const [path, { status }] of responses)
        if (path.includes(id)) expect([stage, path, status]).toEqual([stage, path, 404]);
    }
  });

  it('has no individual opinion, question, answer, comment, name, e-mail or unpublished content in any response', () => {
    expect(markers.length).toBeGreaterThan(60);
    const leaks = [...responses].flatMap(([path, { body }]) =>
      markers.filter((text) => body.includes(text)).map((text) => `${path}: ${text}`),
    );
    expect(leaks).toEqual([]);
  });
});
