import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../infra/http/validation';
import { IsInt, IsNumber, IsOptional } from 'class-validator';
import { todayInJapan } from './dates';
import {
  BooleanQuery,
  DateInput,
  EmailInput,
  FiscalYearInput,
  MaxTextLength,
  notANumber,
  NumberInput,
  YearMonthInput,
} from './input-fields';

class Sample {
  @YearMonthInput() asOf?: string | null;
  @FiscalYearInput({ optional: true }) fiscalYear?: number;
  @DateInput({ optional: true }) dueDate?: string;
}

class Required {
  @FiscalYearInput() fiscalYear: number;
  @DateInput() dueDate: string;
}

class Amounts {
  @NumberInput() @IsNumber({}, { message: notANumber('a number') }) value: number;
  @NumberInput() @IsInt({ message: notANumber('a whole number of 千円') }) amount: number;
}

class Invitation {
  @EmailInput() email: string;
}

class Measured {
  @YearMonthInput({ measured: true }) asOf?: string | null;
}

class Named {
  @MaxTextLength(4) name: string;
  @IsOptional() @MaxTextLength(2, { each: true }) tags?: string[];
}

class Flagged {
  @BooleanQuery('a flag') unreadOnly?: boolean;
}

const pipe = createValidationPipe();
const validate = (value: object, metatype: new () => object = Sample) =>
  pipe.transform(value, { type: 'body', metatype, data: '' });

/** The field errors of a refused request. */
async function refusal(value: object, metatype?: new () => object): Promise<{ path: string; message: string }[]> {
  const error = (await validate(value, metatype).catch((caught: unknown) => caught)) as BadRequestException;
  expect(error).toBeInstanceOf(BadRequestException);
  return (error.getResponse() as { details: { path: string; message: string }[] }).details;
}

describe('DateInput', () => {
  it('stores a 和暦 date as ISO', async () => {
    await expect(validate({ dueDate: '令和8年12月20日' })).resolves.toEqual({ dueDate: '2026-12-20' });
  });

  it.each(['2026-W51-1', '20261220', '2026-12-20T10:00:00Z', '1900-01-01', 20261220])(
    'refuses %j with a message naming both ways to write it',
    async (dueDate) => {
      const [error, ...others] = await refusal({ dueDate });
      expect(others).toEqual([]);
      expect(error).toEqual({
        path: '/dueDate',
        message: 'dueDate must be a date from 1989-01-01 to 2101-03-31, such as 2026-12-15 or R8.12.15',
      });
    },
  );
});

describe('a required date or fiscal year left empty', () => {
  it('says it is empty or missing, not that it is written wrongly', async () => {
    expect(await refusal({ fiscalYear: ' ', dueDate: '' }, Required)).toEqual([
      // A blank fiscal year fails each of its checks; each says the same.
      { path: '/fiscalYear', message: 'fiscalYear must not be empty' },
      { path: '/fiscalYear', message: 'fiscalYear must not be empty' },
      { path: '/fiscalYear', message: 'fiscalYear must not be empty' },
      { path: '/dueDate', message: 'dueDate must not be empty' },
    ]);
    expect(await refusal({}, Required)).toEqual([
      { path: '/fiscalYear', message: 'fiscalYear is required' },
      { path: '/fiscalYear', message: 'fiscalYear is required' },
      { path: '/fiscalYear', message: 'fiscalYear is required' },
      { path: '/dueDate', message: 'dueDate is required' },
    ]);
  });

  it('an optional one still may be left out', async () => {
    await expect(validate({})).resolves.toEqual({});
  });
});

describe('notANumber', () => {
  it('adds that the unit or a bracketed value is in the way when a number was typed with one', async () => {
    expect(await refusal({ value: '120件', amount: '18,500千円' }, Amounts)).toEqual([
      { path: '/value', message: 'value must be a number, without its unit' },
      { path: '/amount', message: 'amount must be a whole number of 千円, without its unit' },
    ]);
    expect(await refusal({ value: '124 (R5.6月)', amount: '5,198 (2,599)' }, Amounts)).toEqual([
      {
        path: '/value',
        message: 'value must be a number, without the value in brackets, which has a field of its own',
      },
      {
        path: '/amount',
        message: 'amount must be a whole number of 千円, without the value in brackets, which has a field of its own',
      },
    ]);
    expect(await refusal({ value: 'abc', amount: '12.5' }, Amounts)).toEqual([
      { path: '/value', message: 'value must be a number' },
      { path: '/amount', message: 'amount must be a whole number of 千円' },
    ]);
  });
});

describe('YearMonthInput and FiscalYearInput', () => {
  it('store 和暦 as the western year', async () => {
    await expect(validate({ asOf: 'R5.3', fiscalYear: 'R4' })).resolves.toEqual({ asOf: '2023-03', fiscalYear: 2022 });
  });

  it('still clear a year-month with null', async () => {
    await expect(validate({ asOf: null })).resolves.toEqual({ asOf: null });
  });

  it.each([{ asOf: '1900-01' }, { asOf: '0000-01' }, { asOf: '1988-12' }, { asOf: '2101-04' }, { asOf: 202403 }])(
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

describe('a year-month something was measured in', () => {
  const thisMonth = todayInJapan().slice(0, 7);
  const [year, month] = thisMonth.split('-').map(Number);
  const nextMonth = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;

  it('is this month in Japan or earlier', async () => {
    await expect(validate({ asOf: thisMonth }, Measured)).resolves.toEqual({ asOf: thisMonth });
    await expect(validate({ asOf: 'R5.3月' }, Measured)).resolves.toEqual({ asOf: '2023-03' });
  });

  it('refuses a later month, naming this one', async () => {
    expect(await refusal({ asOf: nextMonth }, Measured)).toEqual([
      { path: '/asOf', message: `asOf must not be after this month (${thisMonth})` },
    ]);
  });

  it('leaves a text that is no year-month to the format’s own refusal', async () => {
    expect(await refusal({ asOf: 'R5.13' }, Measured)).toHaveLength(1);
  });
});

describe('EmailInput', () => {
  it('reads an address typed in the IME’s full widths as the address it spells', async () => {
    await expect(
      validate({ email: ' ｔａｎａｋａ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｌｇ．ｊｐ ' }, Invitation),
    ).resolves.toEqual({
      email: 'tanaka@city.example.lg.jp',
    });
  });

  it('still refuses what is no address', async () => {
    expect(await refusal({ email: '田中さん' }, Invitation)).toEqual([
      { path: '/email', message: 'email must be an e-mail address' },
    ]);
  });

  it.each([
    '"<script>alert(1)</script>"@evil.example.jp',
    '"tanaka taro"@city.example.lg.jp',
    '田中@city.example.lg.jp',
  ])('refuses %s, which the standard allows and mail servers refuse, before anything is sent', async (email) => {
    expect(await refusal({ email }, Invitation)).toEqual([
      { path: '/email', message: 'email must be an e-mail address' },
    ]);
  });
});

describe('BooleanQuery', () => {
  const query = (value: object) => pipe.transform(value, { type: 'query', metatype: Flagged, data: '' });

  it.each([
    ['true', true],
    ['false', false],
  ])('reads ?unreadOnly=%s as %j', async (text, flag) => {
    await expect(query({ unreadOnly: text })).resolves.toEqual({ unreadOnly: flag });
  });

  it('may be left out, which the caller reads as false', async () => {
    await expect(query({})).resolves.toEqual({});
  });

  it.each(['yes', '1', '0', 'TRUE', '', ['true', 'true']])(
    'refuses %j, naming the words it takes, rather than reading it as false',
    async (unreadOnly) => {
      const error = (await query({ unreadOnly }).catch((caught: unknown) => caught)) as BadRequestException;
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error.getResponse() as { details: unknown }).details).toEqual([
        { path: '/unreadOnly', message: 'unreadOnly must be true or false' },
      ]);
    },
  );
});

describe('MaxTextLength', () => {
  it('takes a text of the limit counted in UTF-16 units, as the import and a spreadsheet cell count it', async () => {
    await expect(validate({ name: '旭川𠮷' }, Named)).resolves.toEqual({ name: '旭川𠮷' });
  });

  it('counts a character outside the BMP (𠮷, an emoji) as two, which a count of code points would pass', async () => {
    expect(await refusal({ name: '𠮷野家😀' }, Named)).toEqual([
      { path: '/name', message: 'name must be shorter than or equal to 4 characters' },
    ]);
  });

  it('checks each item of a list when asked to', async () => {
    expect(await refusal({ name: 'ok', tags: ['ab', '😀x'] }, Named)).toEqual([
      { path: '/tags', message: 'each value in tags must be shorter than or equal to 2 characters' },
    ]);
  });
});
