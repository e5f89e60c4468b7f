import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
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
 * One line per request, each with a request id that is also returned as X-Request-Id: JSON, or pino-pretty's
 * coloured lines in a development terminal.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (request, response) => {
            const incoming = request.headers['x-request-id'];
            const id = typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
            response.setHeader('X-Request-Id', id);
            return id;
          },
          serializers: { req: requestLogRecord, res: responseLogRecord },
          autoLogging: { ignore: (request) => request.url === '/health' },
          ...(readableLogs(config) ? { transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } } : {}),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
