import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { KpiDirection } from '../../../src/projects/kpi-direction';
import { KpiDefinition } from '../../../src/projects/kpi-definition.entity';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const STORED_NAME = 'ものづくり企業のデザイン力向上による持続可能な都市創造プロジェクト';
const DESIGN = 3;

describe("Imports: where a year's plan differs from the stored project, the dry run lists it in the form's words", () => {
  let app: MediumApp;

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  it('names each differing field by its label and value, and a KPI only the year had by its name', async () => {
    const town = await app.given.municipality();
    const project = await app.given.project(town.department, { name: STORED_NAME, projectNumber: '4' });
    await app.dataSource
      .getRepository(KpiDefinition)
      .update({ projectId: project.id }, { direction: KpiDirection.LowerIsBetter });
    const source = {
      name: 'seed.txt',
      bytes: readFileSync(join(__dirname, '../../../src/demo/seeds/asahikawa-r4-results-report.txt')),
    };
    const checked = await app.get(ImportsService).dryRun(town.owner.actor, source, {
      departmentId: town.department.id,
      mode: ImportMode.Draft,
    });
    const kept = checked.reports[DESIGN].warnings.find((issue) => issue.code === 'kept_in_year_plan');
    expect(kept?.message).toBe(
      `R4年度の報告は当時の計画で記録されます。登録済みの事業「${STORED_NAME}」は変わりません。当時の計画と現在の事業の違い:`,
    );
    expect(kept?.details).toEqual([
      '③全体概要 当時 本市は北北海道の中核都市であり、豊富な農畜産物や海産物、木材等の物流拠点となって…(全337字) / 現在 地域の販路を開拓する。',
      '⑤指標①の指標名 当時 デザイン経営実践企業数 / 現在 商談件数',
      '⑤指標①の基準値 当時 0 / 現在 100',
      '⑤指標①の目標値 当時 150 / 現在 120',
      '⑤指標①の単位 当時 社 / 現在 件',
      '⑤指標①の目指す方向 当時 増加を目指す / 現在 減少を目指す',
      '⑤指標② 当時 「本事業を通じた海外進出企業数」 / 現在 (なし)',
      '⑤指標③ 当時 「デザインプロデュース及びデザイン経営に関わるセミナーの参加者数」 / 現在 (なし)',
      '⑤指標④ 当時 「デザイン経営を実践する企業の新製品開発件数」 / 現在 (なし)',
    ]);
  });
});
