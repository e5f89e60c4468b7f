import { NotificationAudiences1796400300000 } from '../../../migrations/1796400300000-NotificationAudiences';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * Notices written before their rows recorded what they were addressed for get every role their kind reaches, any role
 * for a kind no longer in the catalogue, and for project owners the department of the report's project or the one the
 * event named.
 */
describe('Migration: the roles and department the notices written before were addressed for', () => {
  let app: MediumApp;
  const migration = new NotificationAudiences1796400300000();

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  async function writtenBefore(
    town: GivenMunicipality,
    type: string,
    { reportId = null, payload = {} }: { reportId?: string | null; payload?: object },
  ): Promise<string> {
    const [event] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification_outbox (organization_id, report_id, type, payload) VALUES ($1, $2, $3, $4) RETURNING id`,
      [town.organization.id, reportId, type, JSON.stringify(payload)],
    );
    const [row] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO notifications (outbox_event_id, organization_id, user_id, type, report_id, title, body, link)
       VALUES ($1, $2, $3, $4, $5, '件名', '本文', '/') RETURNING id`,
      [event.id, town.organization.id, town.owner.id, type, reportId],
    );
    return row.id;
  }

  const addressed = async (notificationId: string) =>
    (
      await app.dataSource.query<{ audience_roles: string[]; audience_department_id: string | null }[]>(
        'SELECT audience_roles::text[] AS audience_roles, audience_department_id FROM notifications WHERE id = $1',
        [notificationId],
      )
    )[0];

  it("fills each row from its kind, its report's department or its event's", async () => {
    const town = await app.given.municipality();
    const report = await app.given.report(await app.given.project(town.department));
    await app.asOwner((queryRunner) => migration.down(queryRunner));
    const returned = await writtenBefore(town, 'report.returned', { reportId: report.id });
    const decided = await writtenBefore(town, 'report.decided', { reportId: report.id });
    const opened = await writtenBefore(town, 'cycle.opened', { payload: { departmentId: town.department.id } });
    const submitted = await writtenBefore(town, 'report.submitted', { reportId: report.id });
    const retired = await writtenBefore(town, 'report.retired_kind', {});

    await app.asOwner((queryRunner) => migration.up(queryRunner));

    expect(await addressed(returned)).toEqual({
      audience_roles: ['project_owner'],
      audience_department_id: town.department.id,
    });
    expect(await addressed(decided)).toEqual({
      audience_roles: ['project_owner', 'external_expert'],
      audience_department_id: town.department.id,
    });
    expect(await addressed(opened)).toEqual({
      audience_roles: ['project_owner'],
      audience_department_id: town.department.id,
    });
    expect(await addressed(submitted)).toEqual({
      audience_roles: ['planning_division'],
      audience_department_id: null,
    });
    expect((await addressed(retired)).audience_roles.sort()).toEqual(
      ['administrator', 'external_expert', 'planning_division', 'project_owner'].sort(),
    );
  });
});
