import { fiscalYearLabel } from '../../src/common/era-input';
import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { enterSeedReport, projectRequest, reportUpdate } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, openPageForm, sendPageForm, shownText } from './support/page-forms';

const PEOPLE = {
  owner: 'owner@example.jp',
  admin: 'admin@012041.example.jp',
  planner: 'planner@example.jp',
  expertA: 'experta@example.jp',
};

/**
 * A refused form comes back with what was typed and says, in Japanese and beside the field where there is one, what to
 * do: never a field's English name, never an error page that loses the typing.
 */
describe('Refused forms say what to fix', () => {
  let t: TestApp;
  let cast: Cast;
  const cookies: Partial<Record<keyof typeof PEOPLE, string>> = {};

  async function send(
    who: keyof typeof PEOPLE,
    page: string,
    action: string,
    changes: Record<string, string | null>,
    beforeSending?: () => Promise<unknown>,
  ) {
    cookies[who] ??= await sessionCookie(t, PEOPLE[who]);
    return sendPageForm(t, cookies[who], page, action, changes, beforeSending);
  }

  const org = (path: string) => `/o/${cast.organizationId}/${path}`;
  const ownersDraft = (seed: SeedReport) =>
    enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}/${path}`;
  /** A project of the owner's department, registered through the API (the seed's again each time); its edit page's address. */
  const projectEditPage = async () => {
    const project = (
      await t
        .http()
        .post(api('projects'))
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .send({ ...projectRequest(ASAHIKAWA_R4_REPORTS[1], cast.departmentId), confirmSimilarProject: true })
        .expect(201)
    ).body;
    return org(`projects/${project.id}/edit`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('renaming a department to a name another has: beside the name, not an error page', async () => {
    await t
      .http()
      .post(api('departments'))
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .send({ name: '観光課' })
      .expect(201);
    const field = `/departments/${cast.departmentId}/name`;
    const refused = await send('admin', org('admin/departments'), org(`admin/departments/${cast.departmentId}`), {
      [field]: '観光課',
    });
    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain('同じ名前の部署がすでにあります');
    expect(refused.text).toContain(`href="#f-departments-${cast.departmentId}-name"`);
  });

  it('a report of a year the project has one of: beside the year, with a link to that report', async () => {
    const draft = await ownersDraft(ASAHIKAWA_R4_REPORTS[2]);
    const refused = await send('owner', org('new-report'), org('reports'), {
      '/projectId': draft.project.id,
      '/fiscalYear': 'R4',
    });
    expect(refused.status).toBe(400);
    expect(shownText(refused.text)).toContain('この事業のこの年度の報告はすでにあります');
    expect(refused.text).toContain(
      `<a href="${org(`reports/${draft.id}`)}" id="existing-report">この事業のR4年度の報告を開く</a>`,
    );
  });

  it('an invitation without a role: names the role field in Japanese', async () => {
    const refused = await send('admin', org('admin/users'), org('admin/users'), {
      '/email': 'new.person@example.jp',
      '/role': null,
    });
    expect(refused.status).toBe(400);
    expect(shownText(refused.text)).toContain('役割を選んでください');
    expect(shownText(refused.text)).not.toContain('roles/0');
  });

  it('a plan amendment with a year that is not one and no reason: names both amendment fields', async () => {
    const edit = await projectEditPage();
    const refused = await send('owner', edit, edit, {
      '/amendment/effectiveFiscalYear': 'abc',
      '/amendment/reason': '',
    });
    expect(refused.status).toBe(400);
    expect(shownText(refused.text)).toContain('計画変更の適用年度は「R4」や「2022」のように年度で入力してください');
    expect(shownText(refused.text)).toContain('計画変更の理由を入力してください');
    expect(shownText(refused.text)).not.toMatch(/amendment|effectiveFiscalYear/);
  });

  it('an import with no file chosen and nothing pasted: asks for either in Japanese', async () => {
    const refused = await send('owner', org('imports'), org('imports/dry-run'), { '/text': '' });
    expect(refused.status).toBe(400);
    expect(shownText(refused.text)).toContain('取り込むファイルを選ぶか、報告の表のセルを貼り付けてください');
  });

  it('a year’s KPI value that is not a number: names the KPI and the year, as the form shows them, and a unit or bracket typed', async () => {
    const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[2]);
    const section = org(`reports/${report.id}/sections/kpis`);
    cookies.owner ??= await sessionCookie(t, PEOPLE.owner);
    const shown = await t.http().get(section).set('Cookie', cookies.owner).expect(200);
    const fields = new Map(formsOf(shown.text, section).find((form) => form.action === section)!.fields);
    const row = [...fields.keys()]
      .map((name) => /^\/kpiResults\/0\/yearlyActuals\/(\d+)\/value$/.exec(name)?.[1])
      .find((found) => found !== undefined)!;
    const fiscalYear = Number(fields.get(`/kpiResults/0/yearlyActuals/${row}/fiscalYear`));

    const refused = await send('owner', section, section, { [`/kpiResults/0/yearlyActuals/${row}/value`]: 'abc' });
    expect(refused.status).toBe(400);
    expect(shownText(refused.text)).toContain(`⑤指標①の${fiscalYearLabel(fiscalYear)}の実績は数値で入力してください`);
    // A number with its unit: only the unit is in the way, and the message says so.
    const withUnit = await send('owner', section, section, { [`/kpiResults/0/yearlyActuals/${row}/value`]: '120件' });
    expect(withUnit.status).toBe(400);
    expect(shownText(withUnit.text)).toContain(
      `⑤指標①の${fiscalYearLabel(fiscalYear)}の実績は数値だけを入力してください(単位は不要です)`,
    );
    // A value and its month in brackets, as the published sheets print them: the month has a field of its own.
    const withMonth = await send('owner', section, section, {
      [`/kpiResults/0/yearlyActuals/${row}/value`]: '124 (R5.6月)',
    });
    expect(withMonth.status).toBe(400);
    expect(shownText(withMonth.text)).toContain(
      `⑤指標①の${fiscalYearLabel(fiscalYear)}の実績には、かっこの前の数値だけを入力してください。`,
    );
  });

  it('a project with 指標① and ③: the second KPI is 指標③ in what the report lacks, on ⑤ and on a refused submission', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[1];
    const gapped = { ...seed, kpis: [seed.kpis[0], seed.kpis[2]] };
    const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
    const project = (
      await t
        .http()
        .post(api('projects'))
        .set(auth)
        // Beside the seed's own project, entered before: another one, meant.
        .send({ ...projectRequest(gapped, cast.departmentId), confirmSimilarProject: true })
        .expect(201)
    ).body;
    const draft = (
      await t
        .http()
        .post(api('reports'))
        .set(auth)
        .send({ projectId: project.id, fiscalYear: seed.fiscalYear })
        .expect(201)
    ).body;
    // Everything entered but 指標③'s 最新値.
    const withoutThird = async (version: number) => {
      const update = reportUpdate(gapped, version);
      return (
        await t
          .http()
          .patch(api(`reports/${draft.id}`))
          .set(auth)
          .send({
            ...update,
            kpiResults: update.kpiResults.map((result, index) =>
              index === 0 ? result : { ...result, latestValue: null },
            ),
          })
          .expect(200)
      ).body;
    };
    const saved = await withoutThird(draft.version);
    cookies.owner ??= await sessionCookie(t, PEOPLE.owner);

    const report = await t
      .http()
      .get(org(`reports/${draft.id}`))
      .set('Cookie', cookies.owner)
      .expect(200);
    expect(shownText(report.text)).toContain('⑤指標③の最新値を入力してください');
    expect(shownText(report.text)).not.toContain('指標②');
    // Still the field the form has for the second KPI.
    expect(report.text).toContain(`sections/kpis#f-kpiResults-1-latestValue"`);

    const section = org(`reports/${draft.id}/sections/kpis`);
    const refused = await send('owner', section, section, { '/kpiResults/1/latestValue': 'abc' });
    expect(refused.status).toBe(400);
    expect(shownText(refused.text)).toContain('⑤指標③の最新値は数値で入力してください');
    expect(refused.text).toContain('href="#f-kpiResults-1-latestValue"');

    // Submitted from a page shown while complete, after 指標③'s 最新値 was taken out in another tab.
    const complete = (
      await t
        .http()
        .patch(api(`reports/${draft.id}`))
        .set(auth)
        .send(reportUpdate(gapped, saved.version))
        .expect(200)
    ).body;
    const page = org(`reports/${draft.id}`);
    const submitted = await send('owner', page, `${page}/submit`, {}, () => withoutThird(complete.version));
    expect(submitted.status).toBe(422);
    expect(shownText(submitted.text)).toContain('⑤指標③の最新値を入力してください');
    expect(shownText(submitted.text)).not.toContain('指標②');
  });

  it('a report whose year the plan now starts after: ⑤ says the year lies before the plan and what to change, asking no year', async () => {
    const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[2]);
    const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
    const saved = (
      await t
        .http()
        .patch(api(`reports/${report.id}`))
        .set(auth)
        .send({
          version: report.version,
          kpiResults: [{ position: 1, yearlyActuals: [{ fiscalYear: 2022, value: 5 }] }],
        })
        .expect(200)
    ).body;
    // The plan now starts two years after the draft's R4: no year is left for the draft's actuals.
    const project = (
      await t
        .http()
        .get(api(`projects/${saved.project.id}`))
        .set(auth)
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`projects/${project.id}`))
      .set(auth)
      .send({ version: project.version, planStartFiscalYear: 2024, planEndFiscalYear: 2026 })
      .expect(200);
    const section = org(`reports/${report.id}/sections/kpis`);
    cookies.owner ??= await sessionCookie(t, PEOPLE.owner);
    const shown = await t.http().get(section).set('Cookie', cookies.owner).expect(200);
    expect(shownText(shown.text)).toContain(
      'この報告の年度(R4年度)は②実施計画期間の初年度(R6年度)より前のため、年度ごとの実績は入力できません。',
    );

    // No year is asked for; the R4 actual stored is shown as it is.
    const fields = formsOf(shown.text, section).find((form) => form.action === section)!.fields;
    expect(fields.filter(([name]) => name.startsWith('/kpiResults/0/yearlyActuals/'))).toEqual([]);
    expect(shownText(shown.text)).toContain('R4年度(2022年度) 5');
    expect(shownText(shown.text)).not.toContain('R6年度～R4年度');
  });

  it('an import of text in no layout it reads: says so in Japanese, and what to paste instead', async () => {
    const checked = await send('owner', org('imports'), org('imports/dry-run'), { '/text': 'abc' });
    expect(checked.status).toBe(200);
    const shown = shownText(checked.text);
    expect(shown).toContain(
      'エラー: 表の形式を読み取れませんでした。「①国提出事業名」～「⑧今後の方針」の見出しがある事業実施結果報告か、「R1年度」「R2年度」のような年度の列があるKPIの表を、見出しの行も含めて取り込んでください。',
    );
    expect(shown).not.toContain('not recognized');
    expect(checked.text).toContain('abc');
  });

  it('a section saved after the report was submitted from another tab: the typing is shown again, with why', async () => {
    const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[0]);
    const section = org(`reports/${report.id}/sections/overview`);
    const refused = await send('owner', section, section, { '/project/overview': '別のタブで書き足した概要' }, () =>
      t
        .http()
        .post(api(`reports/${report.id}/submit`))
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .expect(200),
    );
    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain('報告の状態が「提出済」に変わったため、保存できませんでした');
    expect(refused.text).toContain('別のタブで書き足した概要');
  });

  it('an opinion and a policy reason of spaces alone: asked for beside the field, as an empty one is', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[1];
    const report = await ownersDraft(seed);
    const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
    const reportApi = (rest = '') => api(`reports/${report.id}${rest}`);
    await t.http().post(reportApi('/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(reportApi('/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(200);
    const [assignment] = (await t.http().get(reportApi('/assignments')).set(as('expertA')).expect(200)).body;
    const assignmentApi = reportApi(`/assignments/${assignment.id}`);
    await t
      .http()
      .post(`${assignmentApi}/respond`)
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    const page = org(`reports/${report.id}`);

    const opinion = await send('expertA', page, `${page}/assignments/${assignment.id}/opinion`, {
      '/rating': 'effective',
      '/opinion': '\u3000\u3000',
    });
    expect(opinion.status).toBe(400);
    expect(shownText(opinion.text)).toContain('意見を入力してください');
    expect(opinion.text).toContain('href="#f-opinion"');
    const [unchanged] = (await t.http().get(reportApi('/assignments')).set(as('expertA')).expect(200)).body;
    expect(unchanged.opinionSubmittedAt).toBeNull();

    await t
      .http()
      .put(`${assignmentApi}/opinion`)
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    await t
      .http()
      .post(reportApi('/evaluate'))
      .set(as('planner'))
      .send({ rating: 'effective', opinion: seed.panelOpinion })
      .expect(200);
    const proposal = await send('planner', page, `${page}/propose`, { '/decision': 'continue', '/reason': '  ' });
    expect(proposal.status).toBe(400);
    expect(shownText(proposal.text)).toContain('今後の方針の理由を入力してください');
    expect(proposal.text).toContain('href="#f-reason"');
    expect((await t.http().get(reportApi()).set(as('planner')).expect(200)).body.status).toBe('evaluated');
  });

  describe('a form whose hidden field was altered or is from an older page', () => {
    const ALTERED = 'このフォームは古いか、正しく送られませんでした。ページを開き直して、もう一度入力してください。';
    const writes = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_entries WHERE action NOT LIKE 'auth.%'`))[0]
        .count as number;

    it('says to open the form again, leads back to its page, and saves nothing typed with it', async () => {
      const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[3]);
      const section = org(`reports/${report.id}/sections/overview`);
      cookies.owner ??= await sessionCookie(t, PEOPLE.owner);
      const send = await openPageForm(t, cookies.owner, section, section, {
        '/project/version': 'abc',
        '/project/overview': '改ざんしたフォームで書いた概要',
      });
      const before = await writes();

      // The page's own address, as a browser sends it with a form.
      const refused = await send().set('Host', 'city.example.jp').set('Referer', `http://city.example.jp${section}`);

      expect(refused.status).toBe(400);
      const shown = shownText(refused.text);
      expect(shown).toContain(ALTERED);
      expect(shown).not.toContain('版を');
      expect(refused.text).toContain(`<a href="${section}">フォームのページを開き直す</a>`);
      expect(await writes()).toBe(before);
      const reopened = await t.http().get(section).set('Cookie', cookies.owner).expect(200);
      expect(reopened.text).not.toContain('改ざんしたフォームで書いた概要');
    });

    it('③ carries the version of what it saves, the project’s, and no report version that nothing would check', async () => {
      const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[4]);
      const section = org(`reports/${report.id}/sections/overview`);
      cookies.owner ??= await sessionCookie(t, PEOPLE.owner);
      const shown = await t.http().get(section).set('Cookie', cookies.owner).expect(200);
      const names = formsOf(shown.text, section)
        .find((form) => form.action === section)!
        .fields.map(([name]) => name);

      expect(names).toContain('/project/version');
      expect(names).not.toContain('/version');
    });

    it('a KPI year’s hidden fiscal year altered, to no year or to another row’s: refused the same way', async () => {
      const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[4]);
      const section = org(`reports/${report.id}/sections/kpis`);
      cookies.owner ??= await sessionCookie(t, PEOPLE.owner);
      const shown = await t.http().get(section).set('Cookie', cookies.owner).expect(200);
      const fields = new Map(formsOf(shown.text, section).find((form) => form.action === section)!.fields);
      const firstYear = fields.get('/kpiResults/0/yearlyActuals/0/fiscalYear')!;
      const before = await writes();

      for (const altered of ['abc', firstYear]) {
        const refused = await send('owner', section, section, {
          '/kpiResults/0/yearlyActuals/0/value': '10',
          '/kpiResults/0/yearlyActuals/1/value': '20',
          '/kpiResults/0/yearlyActuals/1/fiscalYear': altered,
        });

        expect({ altered, status: refused.status }).toEqual({ altered, status: 400 });
        expect(shownText(refused.text)).toContain(ALTERED);
        expect(shownText(refused.text)).not.toMatch(/fiscalYear|yearlyActuals/);
      }
      expect(await writes()).toBe(before);
    });

    it('a row’s hidden event type not among those offered: the same page, never the field’s pointer', async () => {
      const settings = org('inbox/settings');
      const before = await writes();

      const refused = await send('owner', settings, settings, { '/choices/0/eventType': 'report.nonexistent' });

      expect(refused.status).toBe(400);
      const shown = shownText(refused.text);
      expect(shown).toContain(ALTERED);
      expect(shown).not.toMatch(/choices|eventType/);
      expect(await writes()).toBe(before);
    });

    it('an assessment option’s hidden key altered: refused the same way, and the options stay as they were', async () => {
      const options = org('admin/assessment-options');
      const before = await writes();
      const action = org('admin/assessment-options/effect_level');

      const refused = await send('admin', options, action, {
        '/effect_level/options/0/key': 'forged',
        '/effect_level/options/0/label': '改ざんした文言',
      });

      expect(refused.status).toBe(400);
      expect(shownText(refused.text)).toContain(ALTERED);
      expect(await writes()).toBe(before);
      const shownAfter = await t.http().get(options).set('Cookie', cookies.admin!).expect(200);
      expect(shownText(shownAfter.text)).not.toContain('改ざんした文言');
    });

    it('an assessment option of the list carries no kind to alter: it keeps its own, only the new row chooses one', async () => {
      const options = org('admin/assessment-options');
      const action = org('admin/assessment-options/effect_level');
      cookies.admin ??= await sessionCookie(t, PEOPLE.admin);
      const shown = await t.http().get(options).set('Cookie', cookies.admin).expect(200);
      const names = formsOf(shown.text, options)
        .find((form) => form.action === action)!
        .fields.map(([name]) => name);
      const listed = names.filter((name) => /^\/effect_level\/options\/\d+\/key$/.test(name)).length;

      expect(listed).toBeGreaterThan(0);
      expect(names.filter((name) => name.endsWith('/kind'))).toEqual([`/effect_level/options/${listed}/kind`]);
      const saved = await send('admin', options, action, { [`/effect_level/options/${listed}/label`]: '' });
      expect(saved.status).toBe(303);
    });
  });
  describe('a control character pasted into a field (a line break from Word is U+000B)', () => {
    const CONTROL = '使えない文字(制御文字)が含まれています';
    const writes = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_entries WHERE action NOT LIKE 'auth.%'`))[0]
        .count as number;
    /** The message in the field's own error line (not only in the summary), and the summary's link to the field. */
    const besideField = (html: string, pointer: string) => {
      const id = `f${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;
      expect(html).toContain(`href="#${id}"`);
      expect(html).toMatch(
        new RegExp(`id="${id}-error">[^<]*<span[^>]*>[^<]*</span>[^<]*${CONTROL.replace(/[()]/g, '\\$&')}`),
      );
    };

    it('in a report section: the section again with what was typed and the message beside the field', async () => {
      const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[3]);
      const section = org(`reports/${report.id}/sections/effect`);
      const before = await writes();

      const refused = await send('owner', section, section, {
        '/effectNarrative': '一行目\u000B二行目',
        '/resultFactors': '要因はここに',
      });

      expect(refused.status).toBe(400);
      expect(shownText(refused.text)).toContain(`⑥事業効果の説明に${CONTROL}`);
      besideField(refused.text, '/effectNarrative');
      expect(refused.text).toContain('一行目\u000B二行目</textarea>');
      expect(refused.text).toContain('要因はここに</textarea>');
      expect(await writes()).toBe(before);
    });

    it('in a budget line of a report: beside that line’s field', async () => {
      const report = await ownersDraft(ASAHIKAWA_R4_REPORTS[3]);
      const section = org(`reports/${report.id}/sections/budget`);
      const before = await writes();

      const refused = await send('owner', section, section, { '/budgetLines/0/name': '事業\u0000名' });

      expect(refused.status).toBe(400);
      expect(shownText(refused.text)).toContain(CONTROL);
      besideField(refused.text, '/budgetLines/0/name');
      expect(await writes()).toBe(before);
    });

    it('in a project’s form: the form again with the message beside the name', async () => {
      const edit = await projectEditPage();
      const before = await writes();

      const refused = await send('owner', edit, edit, { '/name': '事業\u000B名' });

      expect(refused.status).toBe(400);
      expect(shownText(refused.text)).toContain(CONTROL);
      besideField(refused.text, '/name');
      expect(refused.text).toContain('事業\u000B名');
      expect(await writes()).toBe(before);
    });

    it('in a new department’s name: the departments page again with the message beside the name', async () => {
      const before = await writes();

      const refused = await send('admin', org('admin/departments'), org('admin/departments'), {
        '/name': '観光\u000B振興課',
      });

      expect(refused.status).toBe(400);
      expect(shownText(refused.text)).toContain(`部署名に${CONTROL}`);
      besideField(refused.text, '/name');
      expect(await writes()).toBe(before);
    });
  });
});
