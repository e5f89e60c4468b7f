import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { asahikawaSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const otherMunicipality = (issues: { code: string }[]) => issues.filter((issue) => issue.code === 'other_municipality');

describe('Imports: a sheet of another municipality is warned of, not refused', () => {
  let app: MediumApp;
  let imports: ImportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
  });

  afterAll(() => app?.close());

  it('says in the dry run that Asahikawa’s sheet names 旭川市, and imports it with the warning once confirmed', async () => {
    const otaru = await app.given.municipality({ name: '小樽市' });
    const settings = { departmentId: otaru.department.id, mode: ImportMode.Draft };
    const checked = await imports.dryRun(otaru.owner.actor, asahikawaSheet(), settings);
    expect(otherMunicipality(checked.warnings)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: '',
        location: '12行目',
        message: expect.stringMatching(
          /^この表は旭川市のもののようです\(「指標名\(旭川市関係分\)」\)。小樽市の報告として/,
        ),
      }),
    ]);
    expect(checked.canConfirm).toBe(true);

    const imported = await imports.confirm(otaru.owner.actor, asahikawaSheet(), settings, checked.checksum);
    expect(imported.reports).toHaveLength(5);
    expect(otherMunicipality(imported.warnings)).toHaveLength(1);
  });

  it('says nothing of the kind when the organization is the one the sheet names', async () => {
    const asahikawa = await app.given.municipality({ name: '旭川市' });
    const checked = await imports.dryRun(asahikawa.owner.actor, asahikawaSheet(), {
      departmentId: asahikawa.department.id,
      mode: ImportMode.Draft,
    });
    expect(otherMunicipality(checked.warnings)).toEqual([]);
  });
});
