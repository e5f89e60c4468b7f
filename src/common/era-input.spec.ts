import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../infra/http/validation';
import { FiscalYearInput, parseYearMonthInput, YearMonthInput } from './era-input';

class Sample {
  @YearMonthInput() asOf?: string | null;
  @FiscalYearInput({ optional: true }) fiscalYear?: number;
}

const pipe = createValidationPipe();
const validate = (value: object) => pipe.transform(value, { type: 'body', metatype: Sample, data: '' });

/** The field errors of a refused request. */
async function refusal(value: object): Promise<{ path: string; message: string }[]> {
  const error = (await validate(value).catch((caught: unknown) => caught)) as BadRequestException;
  expect(error).toBeInstanceOf(BadRequestException);
  return (error.getResponse() as { details: { path: string; message: string }[] }).details;
}

describe('parseYearMonthInput', () => {
  it.each([
    ['2024-03', '2024-03'],
    ['R5.3', '2023-03'],
    ['令和5年3月', '2023-03'],
    ['1989-01', '1989-01'],
    ['H元.1', '1989-01'],
    ['2100-12', '2100-12'],
  ])('%j → %j', (input, expected) => {
    expect(parseYearMonthInput(input)).toBe(expected);
  });

  it.each(['1900-01', '0000-01', '1988-12', '2101-01', '2200-12', '2024-13', '2024-00', 'R83.1', '2024-03-01', ''])(
    'refuses %j',
    (input) => {
      expect(parseYearMonthInput(input)).toBeNull();
    },
  );
});

describe('YearMonthInput and FiscalYearInput', () => {
  it('store 和暦 as the western year', async () => {
    await expect(validate({ asOf: 'R5.3', fiscalYear: 'R4' })).resolves.toEqual({ asOf: '2023-03', fiscalYear: 2022 });
  });

  it('still clear a year-month with null', async () => {
    await expect(validate({ asOf: null })).resolves.toEqual({ asOf: null });
  });

  it.each([{ asOf: '1900-01' }, { asOf: '0000-01' }, { asOf: '1988-12' }, { asOf: '2101-01' }, { asOf: 202403 }])(
    'refuse %j with the field path',
    async (body) => {
      const [error, ...others] = await refusal(body);
      expect(others).toEqual([]);
      expect(error.path).toBe('/asOf');
      expect(error.message).toMatch(/year-month from 1989-01/);
    },
  );

  it.each([1988, 2101, '1900', 'H0'])('refuse the fiscal year %j', async (fiscalYear) => {
    const paths = (await refusal({ fiscalYear })).map((error) => error.path);
    expect(new Set(paths)).toEqual(new Set(['/fiscalYear']));
  });
});
