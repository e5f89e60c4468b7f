import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { parseFiscalYearInput } from '../../common/era-input';

/** "2022", "R4", "令和4年度" in the path → 2022; anything else is a 400 naming the parameter. */
export function fiscalYearParam(value: string): number {
  const fiscalYear = parseFiscalYearInput(value);
  if (fiscalYear === null)
    throw new BadRequestException({
      message: `"${value}" is not a fiscal year.`,
      details: [{ path: '/fiscalYear', message: 'fiscalYear must be a fiscal year such as 2022 or R4' }],
    });
  return fiscalYear;
}

// A decorator of its own, not Param with a pipe: the global validation pipe would first turn the text into a
// Number by the parameter's type, and "R4" into NaN.
const pathFiscalYear = createParamDecorator((_data: unknown, context: ExecutionContext): number =>
  fiscalYearParam(context.switchToHttp().getRequest<{ params: Record<string, string> }>().params.fiscalYear),
);

/** The `:fiscalYear` path parameter as a number (fiscalYearParam), documented with the forms it reads. */
export function FiscalYearParam(): ParameterDecorator {
  return (target, method, index) => {
    pathFiscalYear()(target, method, index);
    if (method !== undefined)
      ApiParam({ name: 'fiscalYear', example: 'R4', description: '2022 or 和暦 (R4)' })(
        target,
        method,
        Object.getOwnPropertyDescriptor(target, method)!,
      );
  };
}
