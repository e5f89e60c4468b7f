import { Controller, Get, Res, UseFilters, UseInterceptors } from '@nestjs/common';
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

interface SitemapEntry {
  path: string;
  changedAt: Date | null;
}

/**
 * sitemap.xml (sitemaps.org 0.9) of every public page, with when it last changed, and robots.txt pointing at it. The
 * signed-in part of the site is not for crawlers; the public site and its open data are.
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
  async sitemap(@Res() response: Response): Promise<void> {
    const organizations = await this.record.organizationsWithRecord();
    const entries: SitemapEntry[] = [
      {
        path: publicPaths.index(),
        changedAt: await this.record.changedAt(null),
      },
    ];
    const records = await this.record.sitemapRecords(organizations);
    for (const organization of organizations) {
      const { years, editions, changedAt: organizationChangedAt } = records.get(organization.id)!;
      const code = organization.code;
      entries.push(
        { path: publicPaths.organization(code), changedAt: organizationChangedAt },
        { path: publicPaths.openData(code), changedAt: organizationChangedAt },
      );
      for (const { fiscalYear, changedAt } of years) {
        entries.push(
          { path: publicPaths.year(code, fiscalYear), changedAt },
          { path: publicPaths.summary(code, fiscalYear), changedAt },
        );
      }
      // The current edition's address is the report's own; earlier editions keep theirs.
      const latest = new Map<string, Date>();
      for (const [index, edition] of editions.entries()) {
        const changedAt = new Date(edition.changedAt);
        if (editions[index + 1]?.reportId === edition.reportId)
          entries.push({ path: publicPaths.edition(code, edition.reportId, edition.edition), changedAt });
        else latest.set(edition.reportId, changedAt);
      }
      for (const [reportId, changedAt] of latest) entries.push({ path: publicPaths.report(code, reportId), changedAt });
    }
    const urls = entries
      .map(
        ({ path, changedAt }) =>
          `  <url><loc>${escapeXml(`${this.config.baseUrl}${path}`)}</loc>${changedAt ? `<lastmod>${changedAt.toISOString()}</lastmod>` : ''}</url>`,
      )
      .join('\n');
    setPublicCaching(response, entries[0].changedAt);
    response
      .type('application/xml')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`,
      );
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
          `Sitemap: ${this.config.baseUrl}/sitemap.xml`,
          '',
        ].join('\n'),
      );
  }
}
