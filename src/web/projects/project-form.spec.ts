import { BadRequestException } from '@nestjs/common';
import { KpiDirection } from '../../projects/kpi-direction';
import { CreateProjectRequest, type ProjectView, UpdateProjectRequest } from '../../projects/projects.dto';
import { formErrors, remapRows, validated } from '../forms';
import { newProjectValues, planChangeText, projectFieldLabels, projectRequest, projectValues } from './project-form';

const DEPARTMENT = '6f1c1f8e-8a54-4c1e-9a43-0f5d7f1f3a10';

/** A form as the browser posts it: the four KPI groups are always there, their direction radios preset. */
function posted(fields: Record<string, string>): Record<string, string> {
  return {
    ...newProjectValues([DEPARTMENT]),
    '/name': '地域の稼ぐ力向上プロジェクト',
    '/grantTypeCode': 'promotion',
    '/planStartFiscalYear': 'R3',
    '/planEndFiscalYear': '令和5年度',
    ...fields,
  };
}

describe('the project form', () => {
  it('turns the form into the API request: 和暦 years, municipalities one per line, only the KPI groups that were filled, at their position', async () => {
    const { request, kpiRows } = projectRequest(
      posted({
        '/partnerMunicipalities': '鷹栖町\r\n\r\n 東神楽町 \n',
        '/kpis/0/name': '商談成立数',
        '/kpis/0/baseline': '0',
        '/kpis/0/target': '1,200',
        '/kpis/0/unit': '件',
        '/kpis/0/targetYearMonth': 'R6.3月',
        '/kpis/2/name': '待機児童数',
        '/kpis/2/direction': KpiDirection.LowerIsBetter,
      }),
    );
    expect(kpiRows).toEqual([0, 2]);
    const parsed = await validated(CreateProjectRequest, request);
    expect(parsed).toMatchObject({
      departmentId: DEPARTMENT,
      planStartFiscalYear: 2021,
      planEndFiscalYear: 2023,
      partnerMunicipalities: ['鷹栖町', '東神楽町'],
      projectNumber: null,
    });
    expect(parsed.kpis).toEqual([
      expect.objectContaining({
        position: 1,
        name: '商談成立数',
        baseline: 0,
        target: 1200,
        unit: '件',
        targetYearMonth: '2024-03',
        direction: KpiDirection.HigherIsBetter,
      }),
      expect.objectContaining({
        position: 3,
        name: '待機児童数',
        baseline: null,
        target: null,
        direction: KpiDirection.LowerIsBetter,
      }),
    ]);
  });

  it('names a refused KPI field by the group it was typed in, and puts it beside that field', async () => {
    const { request, kpiRows } = projectRequest(
      posted({
        '/planEndFiscalYear': 'R2',
        '/kpis/2/name': '指標',
        '/kpis/2/target': '十',
        '/kpis/2/targetYearMonth': 'R6.13',
      }),
    );
    const error = await validated(CreateProjectRequest, request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestException);
    const errors = remapRows(formErrors(error, projectFieldLabels(kpiRows))!, '/kpis', kpiRows);
    expect(errors).toEqual([
      {
        text: '②実施計画期間(最終年度)は初年度と同じか、それより後の年度にしてください',
        href: '#f-planEndFiscalYear',
        path: '/planEndFiscalYear',
      },
      { text: '⑤指標③の目標値は数値で入力してください', href: '#f-kpis-2-target', path: '/kpis/2/target' },
      {
        text: '⑤指標③の目標年月の月は1〜12で入力してください',
        href: '#f-kpis-2-targetYearMonth',
        path: '/kpis/2/targetYearMonth',
      },
    ]);
  });

  it('shows a stored project in the form as it was typed, and reads it back unchanged', async () => {
    const project = {
      departmentId: DEPARTMENT,
      projectNumber: '3',
      name: '観光振興事業',
      grantTypeCode: 'promotion',
      planStartFiscalYear: 2019,
      planEndFiscalYear: 2021,
      overview: '概要',
      jointApplicationNote: null,
      partnerMunicipalities: ['当麻町', '比布町'],
      policyArea: null,
      kpis: [
        {
          position: 2,
          name: '観光入込客数',
          baseline: 10.5,
          target: 12,
          unit: '千泊',
          targetYearMonth: '2022-03',
          targetYearMonthLabel: 'R4.3月',
          direction: KpiDirection.HigherIsBetter,
          directionLabel: '',
        },
      ],
      version: 4,
    } as unknown as ProjectView;
    const values = projectValues(project);
    expect(values).toMatchObject({
      '/planStartFiscalYear': 'R元年度',
      '/partnerMunicipalities': '当麻町\n比布町',
      '/kpis/1/targetYearMonth': 'R4.3月',
      '/version': '4',
    });
    const { version: _version, kpis, ...fields } = project;
    const parsed = await validated(CreateProjectRequest, projectRequest(values).request);
    expect(parsed).toMatchObject(fields);
    expect(parsed.kpis).toEqual([
      {
        position: 2,
        name: '観光入込客数',
        baseline: 10.5,
        target: 12,
        unit: '千泊',
        targetYearMonth: '2022-03',
        direction: kpis[0].direction,
      },
    ]);
  });
});

describe('計画変更 on the project form', () => {
  it('sends an amendment only when the user filled one in, as typed (和暦 read by the request)', async () => {
    expect(projectRequest({ '/name': '事業' }).request).not.toHaveProperty('amendment');
    const { request } = projectRequest({
      '/name': '事業',
      '/amendment/effectiveFiscalYear': 'R6',
      '/amendment/reason': '目標の引上げ',
    });
    const parsed = await validated(UpdateProjectRequest, { version: 3, amendment: request.amendment });
    expect(parsed.amendment).toEqual({ effectiveFiscalYear: 2024, reason: '目標の引上げ' });
  });

  it('words each change of an amendment', () => {
    expect(planChangeText({ path: '/kpis/0/target', before: 120, after: 150 })).toBe('指標① 目標値: 120 → 150');
    expect(planChangeText({ path: '/planEndFiscalYear', before: 2024, after: 2026 })).toBe(
      '②実施計画期間(最終年度): 2024 → 2026',
    );
    expect(planChangeText({ path: '/kpis/1/name', before: undefined, after: '来訪者数' })).toBe(
      '指標② 指標名: (なし) → 来訪者数',
    );
  });
});

describe('「別の事業として登録する」 on the project form', () => {
  it('confirms a project that looks registered already only when ticked', () => {
    expect(projectRequest({ '/name': '事業' }).request).not.toHaveProperty('confirmSimilarProject');
    expect(projectRequest({ '/name': '事業', '/confirmSimilarProject': 'true' }).request).toMatchObject({
      confirmSimilarProject: true,
    });
  });
});
