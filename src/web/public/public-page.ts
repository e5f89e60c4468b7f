import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { type PublicOrganization } from '../../publication/public-record.service';
import { setPublicCaching } from '../../publication/public-caching';
import { PUBLIC_SITE_NAME, publicPaths } from '../../publication/public-paths';

/** One step of the breadcrumb trail; the last one (the page itself) has no link. */
export interface Breadcrumb {
  label: string;
  href?: string;
}

/** What every public page says about itself: to readers (title, trail) and to search engines and SNS (meta, OGP). */
export interface PublicPageMeta {
  title: string;
  description: string;
  /** The page's own path, made absolute for the canonical link and og:url. */
  path: string;
  breadcrumbs: Breadcrumb[];
  organization?: PublicOrganization;
  ogType?: 'website' | 'article';
}

/**
 * Renders a public page: no session, no CSRF token, nothing about the reader, so a shared cache may keep it. Express
 * adds the body's ETag and answers a conditional GET that still matches (ETag or Last-Modified) with 304. A page that
 * refuses a value of its query (400) is kept by no cache, as PublicResponseCacheInterceptor keeps none: any value can
 * be made up, and a refusal would fill them.
 */
export async function sendPublicPage(
  response: Response,
  template: string,
  meta: PublicPageMeta,
  baseUrl: string,
  data: Record<string, unknown>,
  changedAt: Date | null,
  status: HttpStatus = HttpStatus.OK,
): Promise<void> {
  const html = await new Promise<string>((resolve, reject) =>
    response.render(
      template,
      {
        ...data,
        page: {
          ...meta,
          url: `${baseUrl}${meta.path}`,
          siteName: PUBLIC_SITE_NAME,
          feedHref: meta.organization && publicPaths.feed(meta.organization.code),
        },
      },
      (error, output) => (error ? reject(error) : resolve(output)),
    ),
  );
  if (status !== HttpStatus.BAD_REQUEST) setPublicCaching(response, changedAt);
  response.status(status).type('html').send(html);
}
