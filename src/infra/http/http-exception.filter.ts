import { ArgumentsHost, Catch, ExceptionFilter, ForbiddenException, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { NotAMemberException } from '../../auth/access.guard';
import { AuthenticatedUser } from '../../auth/actor';

export interface ErrorBody {
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

  constructor(private readonly audit: AuditLog) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const body = await this.outcome(exception, request);
    const retryAfter = exception instanceof HttpException ? (exception.getResponse() as { retryAfterSeconds?: number }).retryAfterSeconds : undefined;
    if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  /** What an error means for the caller, with its side effects (denials audited, server errors logged); the web pages show the same outcome as a page. */
  async outcome(exception: unknown, request: Request): Promise<ErrorBody> {
    if (exception instanceof ForbiddenException || exception instanceof NotAMemberException) await this.auditDenial(request, exception);
    const body = this.toBody(exception);
    body.requestId = String(request.id ?? '');
    if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    return body;
  }

  /** Every permission denial is audited, whichever layer refused (access guard or workflow rule). */
  private async auditDenial(request: Request, exception: HttpException): Promise<void> {
    const user = request.user as AuthenticatedUser | undefined;
    const organizationId = exception instanceof NotAMemberException ? null : (request.actor?.organizationId ?? stringParam(request.params?.organizationId));
    await this.audit.recordQuietly({
      organizationId,
      actor: {
        userId: user?.userId ?? null,
        roles: request.actor?.roles ?? [],
        requestId: String(request.id ?? ''),
        ipAddress: request.ip ?? '',
      },
      action: 'access.denied',
      details: { method: request.method, path: request.originalUrl, status: exception.getStatus(), reason: exception.message, requestedOrganizationId: stringParam(request.params?.organizationId) },
    });
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const payload = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      const message = Array.isArray(payload.message) ? payload.message.join('; ') : String(payload.message ?? exception.message);
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(payload.details ? { details: payload.details } : {}) };
    }
    // Errors of Express middleware (body too large, malformed JSON) carry their own 4xx status.
    const status = (exception as { status?: unknown; expose?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500 && (exception as { expose?: unknown }).expose) {
      return this.plain(status, (exception as Error).message);
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

function stringParam(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : null;
}
