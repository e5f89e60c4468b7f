import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { requestLogRecord, responseLogRecord } from './url-redaction';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Readable lines for a developer watching a terminal (development is the default NODE_ENV); JSON wherever logs are
 * parsed or kept: production, CI and tests, and any output that is not a terminal.
 */
export function readableLogs(config: AppConfig): boolean {
  return Boolean(process.stdout.isTTY) && config.environment === 'development';
}

/** pino-pretty: a request is one line (`request completed GET /nope → 404 (12 ms)`), other fields follow indented. */
const PRETTY_OPTIONS = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,context,req,res,responseTime',
  messageFormat:
    '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} → {res.statusCode}{end}{if responseTime} ({responseTime} ms){end}',
};

/**
 * The app's one pino logger, and the request logger on it: one line per request, each with a request id that is also
 * returned as X-Request-Id. configure-app mounts the request logger before any other middleware, so a request refused
 * before Nest's routes (a body over its limit, a full admission, the queue dashboard's guard) has its id and its line
 * too; Nest's own middleware would run only after those.
 */
@Injectable()
export class RequestLogging {
  readonly logger: Logger;
  readonly middleware: HttpLogger;

  constructor(config: AppConfig) {
    this.logger = pino({
      level: config.logLevel,
      ...(readableLogs(config) ? { transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } } : {}),
    });
    this.middleware = pinoHttp({
      logger: this.logger,
      genReqId: (request, response) => {
        const incoming = request.headers['x-request-id'];
        const id = typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: { req: requestLogRecord, res: responseLogRecord },
      // The probes' polling and the pages' static files (cached by browsers) would drown the requests that matter.
      autoLogging: {
        ignore: (request) => request.url === '/health' || /^\/(assets\/|favicon\.ico)/.test(request.url ?? ''),
      },
    });
  }
}
