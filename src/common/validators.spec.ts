import { BadRequestException } from '@nestjs/common';
import { IsInt } from 'class-validator';
import { createValidationPipe } from '../infra/http/validation';
import { NestedRequest, NotBlank, Omittable } from './validators';

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

describe('NotBlank', () => {
  class Reason {
    @NotBlank() reason: string;
  }

  const refusal = async (reason: string) => {
    const error: unknown = await pipe
      .transform({ reason }, { type: 'body', metatype: Reason, data: '' })
      .catch((caught: unknown) => caught);
    return error instanceof BadRequestException ? error.getResponse() : null;
  };

  it.each(['', '   ', '\u3000\u3000', ' \n\t'])('refuses %j as nothing entered', async (reason) => {
    expect(await refusal(reason)).toMatchObject({ details: [{ path: '/reason', message: 'reason is required' }] });
  });

  it('takes text with spaces around it', async () => {
    expect(await refusal('\u3000理由 ')).toBeNull();
  });
});
