import { BadRequestException } from '@nestjs/common';
import { IsInt } from 'class-validator';
import { createValidationPipe } from '../infra/http/validation';
import { NestedRequest, Omittable } from './validators';

class Line {
  @IsInt() amount: number;
}

class Sample {
  @Omittable() @NestedRequest(() => Line) total?: Line;
  @Omittable() @NestedRequest(() => Line, { each: true }) lines?: Line[];
}

const pipe = createValidationPipe();
const validate = (value: object) => pipe.transform(value, { type: 'body', metatype: Sample, data: '' });

async function refusedPaths(value: object): Promise<string[]> {
  const error = (await validate(value).catch((caught: unknown) => caught)) as BadRequestException;
  expect(error).toBeInstanceOf(BadRequestException);
  return (error.getResponse() as { details: { path: string }[] }).details.map((detail) => detail.path);
}

describe('NestedRequest', () => {
  it('validates the fields of a nested object and of each object in a list', async () => {
    await expect(validate({ total: { amount: 1 }, lines: [{ amount: 2 }] })).resolves.toEqual({
      total: { amount: 1 },
      lines: [{ amount: 2 }],
    });
    expect(await refusedPaths({ total: { amount: 'x' }, lines: [{ amount: 'y' }] })).toEqual([
      '/total/amount',
      '/lines/0/amount',
    ]);
  });

  it.each([
    ['an array for the object', { total: [] }, '/total'],
    ['an array holding objects for the object', { total: [{ amount: 1 }] }, '/total'],
    ['a list inside the list', { lines: [[]] }, '/lines'],
    ['null in the list', { lines: [null] }, '/lines'],
    ['text for the object', { total: 'x' }, '/total'],
  ])('refuses %s', async (_case, body, path) => {
    expect(await refusedPaths(body)).toContain(path);
  });
});
