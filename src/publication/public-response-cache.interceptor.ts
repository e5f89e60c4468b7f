import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, of } from 'rxjs';
import { PublicRecordService } from './public-record.service';
import { PublicResponses, STORED_HEADERS } from './public-responses';

/** Statuses worth keeping: a page, and a withdrawal notice. A 404 is not kept, so guessed URLs cannot fill the cache. */
const KEPT_STATUSES = new Set<number>([HttpStatus.OK, HttpStatus.GONE]);

/**
 * Serves a public page or file from what was built for the same address and the same state of the public record, so
 * that a busy page costs one small query instead of loading and rendering every edition again. Express still sets
 * each response's ETag and answers a matching conditional GET with 304.
 */
@Injectable()
export class PublicResponseCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly record: PublicRecordService,
    private readonly responses: PublicResponses,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next.handle();
    const code = typeof request.params.code === 'string' ? request.params.code : null;
    const stamp = (await this.record.changedAt(code))?.toISOString() ?? 'never';
    const stored = this.responses.get(stamp, request.originalUrl);
    if (stored) {
      for (const [name, value] of stored.headers) response.setHeader(name, value);
      response.status(stored.status).send(stored.body);
      return of(undefined);
    }
    const send = response.send.bind(response);
    response.send = (body?: unknown) => {
      if (KEPT_STATUSES.has(response.statusCode) && (typeof body === 'string' || Buffer.isBuffer(body))) {
        const headers = STORED_HEADERS.flatMap((name): [string, string][] => {
          const value = response.getHeader(name);
          return value === undefined ? [] : [[name, String(value)]];
        });
        this.responses.set(stamp, request.originalUrl, { status: response.statusCode, headers, body });
      }
      response.send = send;
      return send(body);
    };
    return next.handle();
  }
}
