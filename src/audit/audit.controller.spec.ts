import { createValidationPipe } from '../infra/http/validation';
import { AuditQuery } from './audit.controller';

const pipe = createValidationPipe();
const MOMENT_FORM =
  'must be a date or a date-time from 1989-01-01 to the end of 2101-03-31 in Japan, such as 2026-04-01 or 2026-04-01T09:00:00+09:00';
const query = (value: object) =>
  pipe.transform(value, { type: 'query', metatype: AuditQuery, data: '' }) as Promise<AuditQuery>;

describe('AuditQuery: from and to', () => {
  it('reads a date as the start of that day in Japan', async () => {
    const { from, to } = await query({ from: '2026-06-30', to: '2026-07-01' });
    expect(from).toEqual(new Date('2026-06-29T15:00:00Z'));
    expect(to).toEqual(new Date('2026-06-30T15:00:00Z'));
  });

  it('reads a time without an offset as Japan time, and keeps one with an offset or Z', async () => {
    expect((await query({ from: '2026-07-01T08:00' })).from).toEqual(new Date('2026-06-30T23:00:00Z'));
    expect((await query({ from: '2026-07-01T08:00:00+09:00' })).from).toEqual(new Date('2026-06-30T23:00:00Z'));
    expect((await query({ from: '2026-06-30T23:00:00.000Z' })).from).toEqual(new Date('2026-06-30T23:00:00Z'));
  });

  it.each(['yesterday', '2026-02-30', '2026-06-30T25:00', 'Tue, 30 Jun 2026 10:00:00 GMT', '1782860400000'])(
    'refuses %j',
    async (from) => {
      await expect(query({ from })).rejects.toMatchObject({
        response: {
          details: [
            {
              path: '/from',
              message: `from ${MOMENT_FORM}`,
            },
          ],
        },
      });
    },
  );

  it('reads the days the date inputs read, from 1989-01-01 to the end of 2101-03-31 in Japan', async () => {
    const { from, to } = await query({ from: '1989-01-01', to: '2101-04-01' });
    expect(from).toEqual(new Date('1988-12-31T15:00:00Z'));
    expect(to).toEqual(new Date('2101-03-31T15:00:00Z'));
  });

  it.each([
    ['from', '0000-01-01'],
    ['from', '1988-12-31'],
    ['from', '1988-12-31T23:59:59+09:00'],
    ['to', '2101-04-02'],
    ['to', '2101-03-31T15:00:01Z'],
  ])('refuses %s %j, outside them', async (name, value) => {
    await expect(query({ [name]: value })).rejects.toMatchObject({
      response: { details: [{ path: `/${name}`, message: `${name} ${MOMENT_FORM}` }] },
    });
  });

  it('refuses a period that ends before it starts, naming to', async () => {
    await expect(query({ from: '2026-04-01', to: '2026-03-01' })).rejects.toMatchObject({
      response: { details: [{ path: '/to', message: 'to must not be before from' }] },
    });
    await expect(query({ from: '2026-04-01T10:00', to: '2026-04-01T09:59' })).rejects.toMatchObject({
      response: { details: [{ path: '/to', message: 'to must not be before from' }] },
    });
    expect((await query({ from: '2026-04-01', to: '2026-04-01' })).to).toEqual(new Date('2026-03-31T15:00:00Z'));
  });
});
