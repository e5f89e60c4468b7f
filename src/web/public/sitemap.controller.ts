import { Controller, Get, Param, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access/access.decorators';
import { escapeXml } from '../../common/xml';
import { AppConfig } from '../../infra/config/app-config';
import { setPublicCaching } from '../../publication/public-caching';
import { PublicRecordService } from '../../publication/public-record.service';
import { publicPaths } from '../../publication/public-paths';
import { PublicExceptionFilter } from './public-exception.filter';
import { PublicResponseCacheInterceptor, ReadsQuery } from '../../publication/public-response-cache.interceptor';

/** A page, or a sitemap of the index, with when it last changed. */
interface SitemapEntry {
  path: string;
  changedAt: Date | null;
}

const SITEMAPS_NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/**
 * sitemap.xml (sitemaps.org 0.9) of every public page, with when it last changed, and robots.txt pointing at it. The
 * signed-in part of the site is not for crawlers; the public site and its open data are. A file may hold 50,000
 * addresses, which all municipalities' reports pass within a few years: /sitemap.xml is an index of one sitemap for the
 * site's own page and one for each municipality (under its pages, where a sitemap may list them), each kept under that
 * municipality's record as its pages are. Registered before the public pages, whose `:code` would take `sitemap.xml`.
 */
@ApiExcludeController()
@UseFilters(PublicExceptionFilter)
@Public()
@UseInterceptors(PublicResponseCacheInterceptor)
@ReadsQuery()
@Controller()
export class SitemapController {
  constructor(
    private readonly record: PublicRecordService,
    private readonly config: AppConfig,
  ) {}

  @Get('sitemap.xml')
  async sitemapIndex(@Res() response: Response): Promise<void> {
    const organizations = await this.record.organizationsWithRecord();
    const [siteChangedAt, changedAt] = await Promise.all([
      this.record.changedAt(null),
      this.record.changedAtOf(organizations),
    ]);
    const sitemaps: SitemapEntry[] = [
      { path: publicPaths.siteSitemap(), changedAt: siteChangedAt },
      ...organizations.map(({ id, code }) => ({
        path: publicPaths.sitemap(code),
        changedAt: changedAt.get(id) ?? null,
      })),
    ];
    this.send(response, 'sitemapindex', 'sitemap', sitemaps, siteChangedAt);
  }

  @Get('public/sitemap.xml')
  async siteSitemap(@Res() response: Response): Promise<void> {
    const changedAt = await this.record.changedAt(null);
    this.send(response, 'urlset', 'url', [{ path: publicPaths.index(), changedAt }], changedAt);
  }

  @Get('public/:code/sitemap.xml')
  async sitemap(@Param('code') code: string, @Res() response: Response): Promise<void> {
    const organization = await this.record.organization(code);
    const { years, editions, changedAt } = (await this.record.sitemapRecords([organization])).get(organization.id)!;
    const entries: SitemapEntry[] = [
      { path: publicPaths.organization(code), changedAt },
      { path: publicPaths.openData(code), changedAt },
    ];
    for (const year of years)
      entries.push(
        { path: publicPaths.year(code, year.fiscalYear), changedAt: year.changedAt },
        { path: publicPaths.summary(code, year.fiscalYear), changedAt: year.changedAt },
      );
    // The current edition's address is the report's own; earlier editions keep theirs.
    const latest = new Map<string, Date>();
    for (const [index, edition] of editions.entries()) {
      const writtenAt = new Date(edition.changedAt);
      if (editions[index + 1]?.reportId === edition.reportId)
        entries.push({ path: publicPaths.edition(code, edition.reportId, edition.edition), changedAt: writtenAt });
      else latest.set(edition.reportId, writtenAt);
    }
    for (const [reportId, writtenAt] of latest)
      entries.push({ path: publicPaths.report(code, reportId), changedAt: writtenAt });
    this.send(response, 'urlset', 'url', entries, changedAt);
  }

  @Get('robots.txt')
  robots(@Res() response: Response): void {
    setPublicCaching(response, null);
    response
      .type('text/plain')
      .send(
        [
          'User-agent: *',
          'Allow: /public/',
          'Allow: /assets/',
          'Disallow: /',
          '',
          `Sitemap: ${this.config.baseUrl}${publicPaths.sitemapIndex()}`,
          '',
        ].join('\n'),
      );
  }

  /** A sitemap (`urlset` of `url`) or a sitemap index (`sitemapindex` of `sitemap`): each entry's address and lastmod. */
  private send(
    response: Response,
    root: 'urlset' | 'sitemapindex',
    element: 'url' | 'sitemap',
    entries: SitemapEntry[],
    changedAt: Date | null,
  ): void {
    const lines = entries.map(
      ({ path, changedAt: lastmod }) =>
        `  <${element}><loc>${escapeXml(`${this.config.baseUrl}${path}`)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</${element}>`,
    );
    setPublicCaching(response, changedAt);
    response
      .type('application/xml')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${SITEMAPS_NAMESPACE}">\n${lines.join('\n')}\n</${root}>\n`,
      );
  }
}
