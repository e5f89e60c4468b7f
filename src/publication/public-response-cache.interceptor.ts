import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { type Observable, of } from 'rxjs';
import { PublicRecordService } from './public-record.service';
import { PublicResponses, STORED_HEADERS } from './public-responses';

/** Statuses worth keeping: a page, and a withdrawal notice. A 404 is not kept, so guessed URLs cannot fill the cache. */
const KEPT_STATUSES = new Set<number>([HttpStatus.OK, HttpStatus.GONE]);

const QUERY_PARAMETERS = 'publicQueryParameters';

/**
 * The query parameters a public route (or every route of a controller) reads. Its kept responses are told apart by
 * these alone: links shared on social media and in newsletters carry others (utm_source, fbclid …) that change nothing
 * on the page but would each build and keep it again. A route that declares nothing is kept by its whole address, so
 * that one reading the query without saying so is never served another address's page.
 */
export const ReadsQuery = (...names: string[]) => SetMetadata(QUERY_PARAMETERS, names);

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
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next.handle();
    const code = typeof request.params.code === 'string' ? request.params.code : null;
    const stamp = await this.record.stamp(code);
    const parameters = this.reflector.getAllAndOverride<string[] | undefined>(QUERY_PARAMETERS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const address = parameters ? keptAddress(request, parameters) : request.originalUrl;
    const stored = this.responses.get(stamp, address);
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
        this.responses.set(stamp, address, { status: response.statusCode, headers, body });
      }
      response.send = send;
      return send(body);
    };
    return next.handle();
  }
}

/** The path with the values of the parameters the route reads, as they came (a repeated one as its list). */
function keptAddress(request: Request, parameters: string[]): string {
  const path = request.originalUrl.split('?', 1)[0];
  const query = request.query as Record<string, unknown>;
  const read = parameters.filter((name) => query[name] !== undefined);
  return read.length === 0 ? path : `${path}?${JSON.stringify(read.map((name) => [name, query[name]]))}`;
}
