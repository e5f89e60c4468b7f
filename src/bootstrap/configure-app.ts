import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response, urlencoded } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DenialAudit } from '../auth/denial-audit';
import { RequestTokens } from '../auth/request-tokens';
import { mountQueueDashboard } from '../notifications/queue-dashboard';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { AppConfig } from '../infra/config/app-config';
import { RequestLogging } from '../infra/logging/request-logging';
import { configureWebPages, STATIC_FILE_PATHS } from '../web/web-setup';
import { ErrorsByPathFilter, PROGRAM_PATHS } from '../web/errors-by-path.filter';
import { MAX_FORM_PARTS } from '../web/upload.middleware';
import { PublicExceptionFilter } from '../web/public/public-exception.filter';
import { WebExceptionFilter } from '../web/web-exception.filter';
import { API_PREFIX, apiPath } from '../infra/http/api-path';
import { HttpExceptionFilter } from '../infra/http/http-exception.filter';
import { documentErrors } from '../infra/http/api-errors';
import { admission, bodyLargerThan } from '../infra/http/admission';
import { plainCookies } from '../infra/http/plain-cookies';
import { privateResponses } from '../infra/http/private-responses';
import { PUBLIC_SITE_PATHS } from '../publication/public-paths';
import { createValidationPipe } from '../infra/http/validation';
import type { Server } from 'node:http';

/** Everything main.ts and the e2e tests must set up identically on the HTTP app. */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 60_000;

export function configureApp(app: INestApplication): INestApplication {
  app.use(app.get(RequestLogging).middleware);
  // Before anything that may answer, so that refusals and errors are marked too.
  app.use(privateResponses([...PUBLIC_SITE_PATHS, ...STATIC_FILE_PATHS], PROGRAM_PATHS));
  app.useLogger(app.get(Logger));
  const config = app.get(AppConfig);
  // Behind N proxies the client's address (audit entries, throttling per address) is the Nth from the right.
  if (config.trustProxyHops > 0) (app as NestExpressApplication).set('trust proxy', config.trustProxyHops);
  // Upgrading to https only makes sense where the app is served over https (COOKIE_SECURE). The Referer goes to this
  // site only: a refused form's page then knows the page it came from, and other sites learn none of its URLs.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: config.cookieSecure ? [] : null } },
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(plainCookies);
  // Each body is bounded by what its route needs: the API's sign-in a few fields, an import a whole year's sheet
  // pasted as text, anything else a report (the sign-in page too: it carries on the text of a form that came too
  // late). The route-scoped parsers run first; the general one skips bodies already read.
  const bodies = (limit: string, parameterLimit?: number) => [
    json({ limit }),
    urlencoded({ limit, extended: true, parameterLimit }),
  ];
  app.use(`/${apiPath('auth')}`, ...bodies('16kb'));
  // The routes that take files (an import's sheet, pasted or uploaded; a committee pack) read two at a time, and
  // only for a caller who signed in.
  const files = [
    app.get(RequestTokens).signedInOnly,
    admission({ concurrent: 2, counts: bodyLargerThan(2 ** 20), busy: 'Other large files are being read right now' }),
  ];
  // The import page's form sends fields per report, as many as its upload takes (MAX_FORM_PARTS).
  app.use(organizationRoutes(['imports'], ['imports']), ...files, ...bodies('10mb', MAX_FORM_PARTS));
  app.use(organizationRoutes(['committee-packs'], ['committee-packs']), ...files);
  // So do the reads that load every report of a year (exports, summaries, committee packs, the summary page).
  app.use(
    organizationRoutes(['exports/fiscal-years', 'year-summaries', 'committee-packs'], ['summary']),
    admission({
      concurrent: 2,
      counts: (request) => request.method === 'GET',
      busy: 'Other exports of a whole year are being built right now',
    }),
  );
  (app as NestExpressApplication).useBodyParser('json', { limit: '1mb' });
  (app as NestExpressApplication).useBodyParser('urlencoded', { limit: '1mb', extended: true });
  // Express 5 leaves the body undefined where no parser read one (none sent, or a type no route takes), and handlers
  // read its fields: as Express 4 did, an empty object, so that validation refuses what is missing with a 400.
  app.use((request: Request, _response: Response, next: NextFunction) => {
    request.body ??= {};
    next();
  });
  // A client that trickles its headers or body (slowloris) must not hold a connection for Node's default 5 minutes;
  // a minute still lets the largest upload (5 MB) arrive over a slow line.
  const server = app.getHttpServer() as Server;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  app.useGlobalPipes(createValidationPipe());
  const apiErrors = new HttpExceptionFilter([app.get(DenialAudit)]);
  app.useGlobalFilters(new ErrorsByPathFilter(apiErrors, app.get(WebExceptionFilter), app.get(PublicExceptionFilter)));
  mountQueueDashboard(app, apiErrors);
  configureWebPages(app);
  app.enableShutdownHooks();

  const document = documentErrors(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('地方創生交付金事業 効果検証 API')
        .setDescription('Yearly effect verification of regional-revitalization grant projects.')
        .setVersion('1')
        .addBearerAuth()
        .addCookieAuth(SESSION_COOKIE)
        .build(),
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

/**
 * The routes under an organization that start with one of the API's `api` paths (/api/v1/organizations/:id/…) or the
 * pages' `pages` paths (/o/:id/…), as Express matches a middleware's path. Each ends where a path segment does, in a
 * lookahead: Express mounts a middleware on what the expression matched and skips it when the rest of the path does not
 * start a new segment, so an expression that took the slash would never match.
 */
function organizationRoutes(api: string[], pages: string[]): RegExp[] {
  const under = (prefix: string, paths: string[]) =>
    new RegExp(`^/${prefix}/[^/]+/(?:${paths.join('|')})(?=/|$)`.replaceAll('/', '\\/'));
  return [under(`${API_PREFIX}/organizations`, api), under('o', pages)];
}
