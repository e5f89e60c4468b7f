import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { AppConfig } from '../infra/config/app-config';
import { registerViewHelpers } from './view-helpers';

/**
 * `nest build` compiles TypeScript only, so templates and styles are read from src/web, where they are kept,
 * both when running from source (tests) and from dist (npm start).
 */
const WEB_SOURCE_DIR = existsSync(join(__dirname, 'views')) ? __dirname : resolve(__dirname, '../../../src/web');

const ASSETS = '/assets';
const FAVICON = '/favicon.ico';

/** Where the static files are served, as path prefixes: each answers with its own caching headers. */
export const STATIC_FILE_PATHS = [ASSETS, FAVICON];

/** The web pages' share of the HTTP set-up: templates and static assets. API routes are unaffected. */
export function configureWebPages(app: INestApplication): void {
  const expressApp = app as NestExpressApplication;
  const config = app.get(AppConfig);
  const environment = nunjucks.configure(join(WEB_SOURCE_DIR, 'views'), {
    autoescape: true,
    express: expressApp.getHttpAdapter().getInstance(),
    noCache: config.environment !== 'production',
  });
  registerViewHelpers(environment);

  // Scripts and styles are files (CSP script-src 'self'); vendor files are served from where npm installed them.
  const maxAge = config.environment === 'production' ? '1d' : 0;
  expressApp.useStaticAssets(join(WEB_SOURCE_DIR, 'assets'), { prefix: `${ASSETS}/`, maxAge });
  // Browsers and feed readers ask for /favicon.ico whatever the pages link to.
  const http: Express = expressApp.getHttpAdapter().getInstance();
  http.get(FAVICON, (_request, response) =>
    response.type('image/svg+xml').sendFile(join(WEB_SOURCE_DIR, 'assets/favicon.svg'), { maxAge }),
  );
  expressApp.useStaticAssets(dirname(require.resolve('@digital-go-jp/design-tokens/dist/tokens.css')), {
    prefix: `${ASSETS}/design-tokens/`,
    maxAge,
  });
  expressApp.useStaticAssets(dirname(require.resolve('htmx.org/dist/htmx.min.js')), {
    prefix: `${ASSETS}/htmx/`,
    maxAge,
  });
}
