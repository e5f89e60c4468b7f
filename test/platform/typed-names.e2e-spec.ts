import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Names and numbers typed with the IME's full widths are the same to a reader as with half widths: a department
 * typed with a full-width space is not a second department, and project No.「１」 is No.1 (and sorts as 1).
 */
describe('Names and numbers as typed with the IME', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t?.close());

  it('refuses a department that differs from another only by the width of its space or letters', async () => {
    const created = await t
      .http()
      .post(api('/departments'))
      .set(as('admin'))
      .send({ name: '産業港湾部\u3000産業振興課' })
      .expect(201);
    expect(created.body.name).toBe('産業港湾部 産業振興課');

    const twice = await t
      .http()
      .post(api('/departments'))
      .set(as('admin'))
      .send({ name: ' 産業港湾部  産業振興課 ' })
      .expect(409);
    expect(twice.body.message).toBe('A department named "産業港湾部 産業振興課" already exists.');
    await t.http().post(api('/departments')).set(as('admin')).send({ name: 'ＤＸ推進室' }).expect(201);
    await t.http().post(api('/departments')).set(as('admin')).send({ name: 'DX推進室' }).expect(409);
  });

  it('stores a project number typed in full width as the number', async () => {
    const created = await t
      .http()
      .post(api('/projects'))
      .set(as('owner'))
      .send({ ...projectRequest(ASAHIKAWA_R4_REPORTS[0], cast.departmentId), projectNumber: '１２' })
      .expect(201);
    expect(created.body.projectNumber).toBe('12');
    const blank = await t
      .http()
      .post(api('/projects'))
      .set(as('owner'))
      .send({ ...projectRequest(ASAHIKAWA_R4_REPORTS[1], cast.departmentId), projectNumber: '\u3000' })
      .expect(201);
    expect(blank.body.projectNumber).toBeNull();
  });
});
