import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation';
import { requestIdOf } from './request-id';

export interface ErrorBody {
  statusCode: HttpStatus;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** Side effects an error has beyond its response (e.g. auditing denials); the composition root supplies them. */
export interface ExceptionObserver {
  observe(exception: unknown, request: Request): Promise<void>;
}

// PostgreSQL error codes that mean the input conflicts with stored data, not a server fault.
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_INVALID_TEXT = '22P02';
const PG_CHECK_VIOLATION = '23514';

/** When to try again, for a refusal that says (`retryAfterSeconds` in its response, as admission's 503 does). */
export function setRetryAfter(exception: unknown, response: Response): void {
  const seconds =
    exception instanceof HttpException
      ? (exception.getResponse() as { retryAfterSeconds?: number }).retryAfterSeconds
      : undefined;
  if (seconds) response.setHeader('Retry-After', String(seconds));
}

/**
 * The 4xx status an error of Express middleware carries when it refuses a request itself (the body parsers: a body too
 * large, malformed JSON, an unknown charset), or null for any other error.
 */
export function middlewareRefusalStatus(exception: unknown): number | null {
  const { status, expose } = (exception ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}

/** Every error leaves the API in one shape: { statusCode, error, message, details?, requestId }. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly observers: readonly ExceptionObserver[] = []) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const body = await this.outcome(exception, request);
    setRetryAfter(exception, response);
    response.status(body.statusCode).json(body);
  }

  /** What an error means for the caller, with its side effects (observers, server errors logged); the web pages show the same outcome as a page. */
  async outcome(exception: unknown, request: Request): Promise<ErrorBody> {
    for (const observer of this.observers) await observer.observe(exception, request);
    const body = this.toBody(exception);
    body.requestId = requestIdOf(request);
    // A 503 is thrown on purpose (no room for the work now, or a dependency down), not a fault to investigate.
    if (body.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR && !(exception instanceof ServiceUnavailableException))
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    return body;
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const payload = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      const message = Array.isArray(payload.message)
        ? payload.message.join('; ')
        : typeof payload.message === 'string'
          ? payload.message
          : exception.message;
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message,
        ...(payload.details ? { details: payload.details } : {}),
      };
    }
    const refusal = middlewareRefusalStatus(exception);
    if (refusal !== null) return this.plain(refusal, (exception as Error).message);
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (isUniqueViolation(exception))
        return this.plain(HttpStatus.CONFLICT, 'A record with the same unique values already exists.');
      if (code === PG_FOREIGN_KEY_VIOLATION)
        return this.plain(HttpStatus.UNPROCESSABLE_ENTITY, 'A referenced record does not exist or is still in use.');
      if (code === PG_CHECK_VIOLATION)
        return this.plain(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'A value breaks a rule of the data (e.g. a grant portion above its amount); correct it and try again.',
        );
      if (code === PG_INVALID_TEXT)
        return this.plain(HttpStatus.BAD_REQUEST, 'An identifier or value has an invalid format.');
    }
    return this.plain(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'Internal server error. Quote the request id when reporting it.',
    );
  }

  private plain(statusCode: HttpStatus, message: string): ErrorBody {
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
}
