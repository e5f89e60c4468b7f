import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DenialAudit } from '../../auth/denial-audit';
import { HttpExceptionFilter } from '../../infra/http/http-exception.filter';
import { setPublicCaching } from '../../publication/public-caching';
import { ERROR_TITLES } from '../messages/error-messages';
import { publicPaths } from '../../publication/public-paths';

const MESSAGES: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.NOT_FOUND]:
    '公表されていないか、存在しないページです。URLを確かめるか、公表している団体の一覧から選び直してください。',
};
/** Any other refusal of the address itself (a broken escape, a query too long): retrying the same URL cannot help. */
const ADDRESS_REFUSED =
  'このURLではページを表示できません。リンクのURLを確かめるか、公表している団体の一覧から選び直してください。';
const SERVER_ERROR = 'ページを表示できませんでした。時間をおいてもう一度お試しください。';

/**
 * Errors of the public pages as a page of the public site: no sign-in link, nothing about the reader. A 404 looks the
 * same whether the report exists unpublished or not at all, and may be cached like the pages (it changes only when
 * something is published).
 */
@Catch()
@Injectable()
export class PublicExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PublicExceptionFilter.name);
  private readonly api: HttpExceptionFilter;

  constructor(denialAudit: DenialAudit) {
    this.api = new HttpExceptionFilter([denialAudit]);
  }

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const outcome = await this.api.outcome(exception, request);
    if (response.headersSent) return;
    const title = ERROR_TITLES[outcome.statusCode] ?? 'エラーが発生しました';
    const message =
      MESSAGES[outcome.statusCode] ??
      (outcome.statusCode < HttpStatus.INTERNAL_SERVER_ERROR ? ADDRESS_REFUSED : SERVER_ERROR);
    if (outcome.statusCode === HttpStatus.NOT_FOUND) setPublicCaching(response, null);
    response.render(
      'public/error.njk',
      {
        title,
        message,
        requestId: outcome.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR ? outcome.requestId : undefined,
        page: { title, breadcrumbs: [{ label: '公表している団体', href: publicPaths.index() }, { label: title }] },
      },
      (error: Error | null, html: string) => {
        if (error) {
          this.logger.error({ err: error }, 'Could not render the public error page');
          response.status(outcome.statusCode).type('text/plain; charset=utf-8').send(`${title}\n${message}`);
          return;
        }
        response.status(outcome.statusCode).type('html').send(html);
      },
    );
  }
}
