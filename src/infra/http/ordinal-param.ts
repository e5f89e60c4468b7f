import { HttpStatus, NotFoundException, Param, ParseIntPipe, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

/** Numbers of this kind are int4 columns: a larger one cannot be compared with them, let alone exist. */
const MAX_ORDINAL = 2_147_483_647;

// Like a malformed id, a number that cannot be one names nothing: the same 404 as an unknown one.
const wholeNumber = new ParseIntPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const inRange: PipeTransform<number, number> = {
  transform(value) {
    if (value < 1 || value > MAX_ORDINAL) throw new NotFoundException(`No such number: ${value}.`);
    return value;
  },
};

/** A path parameter counting from 1 (第N版): 404 unless it is a whole number from 1 to the int4 maximum. */
export function OrdinalParam(name: string): ParameterDecorator {
  return (target, method, index) => {
    Param(name, wholeNumber, inRange)(target, method, index);
    if (method !== undefined) {
      ApiParam({ name, schema: { type: 'integer', minimum: 1, maximum: MAX_ORDINAL }, example: 1 })(
        target,
        method,
        Object.getOwnPropertyDescriptor(target, method)!,
      );
    }
  };
}
