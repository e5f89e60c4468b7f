import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

// PostgreSQL error codes that mean the input conflicts with stored data, not a server fault.
const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_INVALID_TEXT = '22P02';
const PG_CHECK_VIOLATION = '23514';

/** Every error leaves the API in one shape: { statusCode, error, message, details?, requestId }. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = String(request.id ?? '');
    const retryAfter = exception instanceof HttpException ? (exception.getResponse() as { retryAfterSeconds?: number }).retryAfterSeconds : undefined;
    if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
    if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const payload = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      const message = Array.isArray(payload.message) ? payload.message.join('; ') : String(payload.message ?? exception.message);
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(payload.details ? { details: payload.details } : {}) };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code === PG_UNIQUE_VIOLATION) return this.plain(HttpStatus.CONFLICT, 'A record with the same unique values already exists.');
      if (code === PG_FOREIGN_KEY_VIOLATION) return this.plain(HttpStatus.UNPROCESSABLE_ENTITY, 'A referenced record does not exist or is still in use.');
      if (code === PG_CHECK_VIOLATION) return this.plain(HttpStatus.UNPROCESSABLE_ENTITY, 'A value breaks a rule of the data (e.g. a grant portion above its amount); correct it and try again.');
      if (code === PG_INVALID_TEXT) return this.plain(HttpStatus.BAD_REQUEST, 'An identifier or value has an invalid format.');
    }
    return this.plain(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error. Quote the request id when reporting it.');
  }

  private plain(statusCode: number, message: string): ErrorBody {
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
}
