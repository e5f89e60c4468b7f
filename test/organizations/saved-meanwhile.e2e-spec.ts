import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Two administrators (or one in two tabs) change the organization's settings or rename the same department: a save
 * made from what was read before the other's save would put back what that save changed, so it is refused (409) and
 * nothing is saved, recorded or announced. Each read carries a checksum of what it read, sent back with the save.
 */
describe('Organization settings and department names saved meanwhile', () => {
  let t: TestApp;
  let cast: Cast;
  const api = (path = '') => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  /** What a refused save must leave as it was: the audit log and the notifications waiting to go. */
  const trail = async () => ({
    entries: await t.dataSource.query(
      `SELECT id FROM audit_entries WHERE action IN ('organization.settings_changed', 'department.renamed') ORDER BY id`,
    ),
    notifications: await t.dataSource.query(`SELECT id FROM notification_outbox ORDER BY id`),
  });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t?.close());

  describe('the organization settings', () => {
    const read = async () => (await t.http().get(api()).set(as('admin')).expect(200)).body;

    it('require the checksum of the settings read, naming the field when it is missing', async () => {
      const before = await read();
      expect(before.settingsChecksum).toMatch(/^[0-9a-f]{64}$/);

      const refused = await t
        .http()
        .patch(api('/settings'))
        .set(as('admin'))
        .send({ publishPanelMemberNames: true })
        .expect(400);

      expect(refused.body.details).toEqual([expect.objectContaining({ path: '/settingsChecksum' })]);
      expect(await read()).toEqual(before);
    });

    it('refuse a save made from the settings as they were before another save: 409, the other kept, nothing recorded', async () => {
      // Two administrators read the settings; each changes another one.
      const { settingsChecksum } = await read();
      const first = await t
        .http()
        .patch(api('/settings'))
        .set(as('admin'))
        .send({ openDataLicence: '旭川市オープンデータ利用規約', settingsChecksum })
        .expect(200);
      expect(first.body.settingsChecksum).not.toBe(settingsChecksum);
      const recorded = await trail();

      const stale = await t
        .http()
        .patch(api('/settings'))
        .set(as('admin'))
        .send({
          openDataLicence: 'クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)',
          publishPanelMemberNames: true,
          settingsChecksum,
        })
        .expect(409);

      const now = await read();
      expect(stale.body.details).toEqual({
        settingsChecksum: first.body.settingsChecksum,
        settings: {
          effectCloseThreshold: 0.8,
          publishPanelMemberNames: false,
          openDataLicence: '旭川市オープンデータ利用規約',
          openDataLicenceUrl: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
        },
      });
      expect(now).toEqual(first.body);
      expect(await trail()).toEqual(recorded);

      // Read again, the other change is saved beside the first one.
      await t
        .http()
        .patch(api('/settings'))
        .set(as('admin'))
        .send({ publishPanelMemberNames: true, settingsChecksum: now.settingsChecksum })
        .expect(200);
      expect(await read()).toMatchObject({
        openDataLicence: '旭川市オープンデータ利用規約',
        publishPanelMemberNames: true,
      });
    });

    it('answer the same settings sent again from an older read as unchanged, writing nothing', async () => {
      const before = await read();
      const { settingsChecksum } = before;
      await t
        .http()
        .patch(api('/settings'))
        .set(as('admin'))
        .send({ effectCloseThreshold: 0.75, settingsChecksum })
        .expect(200);
      const recorded = await trail();

      // A form sent twice: the second comes with the checksum the first read.
      const again = await t
        .http()
        .patch(api('/settings'))
        .set(as('admin'))
        .send({ effectCloseThreshold: 0.75, settingsChecksum })
        .expect(200);

      expect(again.body.effectCloseThreshold).toBe(0.75);
      expect(await trail()).toEqual(recorded);
    });
  });

  describe("a department's name", () => {
    const departmentOf = async (id: string) =>
      ((await t.http().get(api('/departments')).set(as('admin')).expect(200)).body as { id: string }[]).find(
        (department) => department.id === id,
      ) as { id: string; name: string; checksum: string };
    let department: { id: string; name: string; checksum: string };

    beforeAll(async () => {
      const { id } = (await t.http().post(api('/departments')).set(as('admin')).send({ name: '観光課' }).expect(201))
        .body;
      department = await departmentOf(id);
    });

    it('is renamed only with the checksum of the department read, naming the field when it is missing', async () => {
      expect(department.checksum).toMatch(/^[0-9a-f]{64}$/);

      const refused = await t
        .http()
        .patch(api(`/departments/${department.id}`))
        .set(as('admin'))
        .send({ name: '観光振興課' })
        .expect(400);

      expect(refused.body.details).toEqual([expect.objectContaining({ path: '/checksum' })]);
      expect(await departmentOf(department.id)).toEqual(department);
    });

    it('is not renamed from a name read before another rename: 409, the other name kept, nothing recorded', async () => {
      // Two administrators read the department; each renames it.
      const { checksum } = await departmentOf(department.id);
      const first = await t
        .http()
        .patch(api(`/departments/${department.id}`))
        .set(as('admin'))
        .send({ name: '経済部 観光課', checksum })
        .expect(200);
      expect(first.body.checksum).not.toBe(checksum);
      const recorded = await trail();

      const stale = await t
        .http()
        .patch(api(`/departments/${department.id}`))
        .set(as('admin'))
        .send({ name: '観光振興課', checksum })
        .expect(409);

      expect(stale.body.details).toEqual({ name: '経済部 観光課', checksum: first.body.checksum });
      expect(await departmentOf(department.id)).toEqual(first.body);
      expect(await trail()).toEqual(recorded);

      // Read again, the rename is made knowingly.
      await t
        .http()
        .patch(api(`/departments/${department.id}`))
        .set(as('admin'))
        .send({ name: '観光振興課', checksum: first.body.checksum })
        .expect(200);
      expect((await departmentOf(department.id)).name).toBe('観光振興課');
    });

    it('answers the same name sent again from an older read as unchanged, writing nothing', async () => {
      const { checksum } = await departmentOf(department.id);
      await t
        .http()
        .patch(api(`/departments/${department.id}`))
        .set(as('admin'))
        .send({ name: '観光スポーツ課', checksum })
        .expect(200);
      const recorded = await trail();

      const again = await t
        .http()
        .patch(api(`/departments/${department.id}`))
        .set(as('admin'))
        .send({ name: '観光スポーツ課', checksum })
        .expect(200);

      expect(again.body.name).toBe('観光スポーツ課');
      expect(await trail()).toEqual(recorded);
    });
  });
});
