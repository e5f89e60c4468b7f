import { BadRequestException, type ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  /** JSON-pointer-like path of the field, e.g. /budgetLines/2/amount, so a form can show it beside the field. */
  path: string;
  message: string;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        message: 'The request has invalid fields; see details.',
        details: flattenValidationErrors(errors),
      }),
  });
}
