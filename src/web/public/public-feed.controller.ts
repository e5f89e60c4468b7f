import { Controller, Get, Param, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access/access.decorators';
import { AppConfig } from '../../infra/config/app-config';
import { setPublicCaching } from '../../publication/public-caching';
import { atomFeed, FEED_LENGTH, feedEntries } from '../../publication/public-feed';
import { PublicRecordService } from '../../publication/public-record.service';
import { PublicResponseCacheInterceptor, ReadsQuery } from '../../publication/public-response-cache.interceptor';
import { PublicExceptionFilter } from './public-exception.filter';

/**
 * 更新情報: an Atom feed per municipality of its latest publications, corrections and withdrawals, for feed readers,
 * journalists and data users who follow it. Cached like the public pages; an unknown municipality is the public 404.
 */
@ApiExcludeController()
@UseFilters(PublicExceptionFilter)
@Public()
@UseInterceptors(PublicResponseCacheInterceptor)
@ReadsQuery()
@Controller('public/:code')
export class PublicFeedController {
  constructor(
    private readonly record: PublicRecordService,
    private readonly config: AppConfig,
  ) {}

  @Get('feed.atom')
  async feed(@Param('code') code: string, @Res() response: Response): Promise<void> {
    const organization = await this.record.organization(code);
    const [events, changedAt] = await Promise.all([
      this.record.recordEvents(organization, FEED_LENGTH),
      this.record.changedAt(code),
    ]);
    const { baseUrl } = this.config;
    const entries = feedEntries(organization, new URL(baseUrl).hostname, events);
    setPublicCaching(response, changedAt);
    // A municipality's record always has a time (its own settings'); the epoch only stands for "never" in the type.
    response.type('application/atom+xml').send(atomFeed(organization, baseUrl, changedAt ?? new Date(0), entries));
  }
}
