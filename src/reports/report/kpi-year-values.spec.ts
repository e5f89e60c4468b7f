import { ReportStatus } from '../rules/report-status';
import { type YearlyActual } from './kpi-result.entity';
import { kpiYearValues, lastPublishedBefore, LedgerValueSource, type ReportedKpiValues } from './kpi-year-values';

function report(
  fiscalYear: number,
  status: ReportStatus,
  latestValue: number | null,
  yearlyActuals: YearlyActual[] = [],
  latestAsOf: string | null = null,
): ReportedKpiValues {
  return {
    fiscalYear,
    status,
    kpiResults: [{ position: 1, latestValue, latestAsOf, isReference: false, yearlyActuals }],
  };
}

const valuesOf = (reports: ReportedKpiValues[]) =>
  kpiYearValues(reports, 1).map((year) => [year.fiscalYear, year.value, year.source, year.sourceFiscalYear]);

describe('kpiYearValues: one value per fiscal year', () => {
  it('takes a year’s published 最新値, as of its month, over what a later report typed for that year', () => {
    const values = kpiYearValues(
      [
        report(2022, ReportStatus.Published, 124, [], '2023-06'),
        report(2023, ReportStatus.Draft, 130, [{ fiscalYear: 2022, value: 45 }]),
      ],
      1,
    );

    expect(values[0]).toEqual({
      fiscalYear: 2022,
      value: 124,
      asOf: '2023-06',
      isReference: false,
      source: LedgerValueSource.LatestValue,
      sourceFiscalYear: 2022,
      published: true,
    });
    expect(values[1]).toMatchObject({ fiscalYear: 2023, value: 130, published: false });
  });

  it('takes a year without a report, or whose report has no 最新値, from the newest report that lists it', () => {
    expect(
      valuesOf([
        report(2021, ReportStatus.Published, null, [{ fiscalYear: 2020, value: 7 }]),
        report(2022, ReportStatus.Published, 12, [
          { fiscalYear: 2020, value: 8 },
          { fiscalYear: 2021, value: 10 },
        ]),
        report(2023, ReportStatus.Draft, null, [{ fiscalYear: 2019, value: null }]),
      ]),
    ).toEqual([
      [2020, 8, LedgerValueSource.YearlyActual, 2022],
      [2021, 10, LedgerValueSource.YearlyActual, 2022],
      [2022, 12, LedgerValueSource.LatestValue, 2022],
    ]);
  });

  it('counts a report under a correction as published, and one not yet published as its year’s own value', () => {
    const values = kpiYearValues(
      [
        report(2020, ReportStatus.CorrectionSubmitted, 18),
        report(2021, ReportStatus.Correcting, 20),
        report(2022, ReportStatus.Decided, 22),
      ],
      1,
    );

    expect(values.map((year) => [year.fiscalYear, year.value, year.published])).toEqual([
      [2020, 18, true],
      [2021, 20, true],
      [2022, 22, false],
    ]);
  });

  it('reads only the KPI at the position asked for', () => {
    expect(kpiYearValues([report(2022, ReportStatus.Published, 124)], 2)).toEqual([]);
  });
});

describe('lastPublishedBefore', () => {
  it('is the latest earlier year’s published value, skipping values that were not published', () => {
    const values = kpiYearValues(
      [
        report(2020, ReportStatus.Published, 15),
        report(2021, ReportStatus.Decided, 22, [{ fiscalYear: 2019, value: 3 }]),
        report(2022, ReportStatus.Published, 30),
      ],
      1,
    );

    expect(lastPublishedBefore(values, 2022)).toMatchObject({ fiscalYear: 2020, value: 15 });
    expect(lastPublishedBefore(values, 2023)).toMatchObject({ fiscalYear: 2022, value: 30 });
    expect(lastPublishedBefore(values, 2020)).toBeNull();
  });
});
