import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { PayloadTooLargeException } from '@nestjs/common';
import type { HttpExceptionFilter } from '../infra/http/http-exception.filter';
import { ErrorsByPathFilter } from './errors-by-path.filter';
import type { PublicExceptionFilter } from './public/public-exception.filter';
import type { WebExceptionFilter } from './web-exception.filter';

describe('ErrorsByPathFilter', () => {
  const answered: string[] = [];
  const shape = (name: string) => ({ catch: () => void answered.push(name) }) as unknown as ExceptionFilter;
  const filter = new ErrorsByPathFilter(
    shape('API JSON') as HttpExceptionFilter,
    shape('error page') as WebExceptionFilter,
    shape('public error page') as PublicExceptionFilter,
  );
  const at = (path: string) => ({ switchToHttp: () => ({ getRequest: () => ({ path }) }) }) as ArgumentsHost;

  it.each([
    ['/api/v1/organizations/x/imports', 'API JSON'],
    ['/api', 'API JSON'],
    ['/health', 'API JSON'],
    ['/public/012041/2022', 'public error page'],
    ['/public', 'public error page'],
    ['/o/x/reports/y/sections/effect', 'error page'],
    ['/sign-in', 'error page'],
    ['/apis', 'error page'],
    ['/healthy', 'error page'],
    ['/publications', 'error page'],
  ])('answers an error at %s with the %s', async (path, expected) => {
    answered.length = 0;
    await filter.catch(new PayloadTooLargeException(), at(path));
    expect(answered).toEqual([expected]);
  });
});
