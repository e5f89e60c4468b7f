import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DenialAudit } from '../auth/denial-audit';
import { MAX_TEXT_LENGTH } from '../common/text-limits';
import {
  ErrorBody,
  HttpExceptionFilter,
  middlewareRefusalStatus,
  setRetryAfter,
} from '../infra/http/http-exception.filter';
import { ForgedRequestException } from '../auth/csrf-protection';
import { AlteredFormException, detailsOf, type FormBody, FormState } from './forms';
import { KeptChoicesReader } from './kept-choices-reader';
import { keptText } from './kept-text';
import {
  ALTERED_FORM_TITLE,
  ERROR_TITLES,
  fieldMessage,
  FORGED_FORM_TITLE,
  FORM_OPENED_BEFORE_SIGN_IN,
  FORM_OPENED_BEFORE_SIGN_IN_TITLE,
  generalMessage,
  LINK_SESSION_ENDED_MEANWHILE,
  SIGNED_OUT_MEANWHILE,
} from './messages/error-messages';
import { signedInByLink } from './link-session';
import { localPath } from './navigation';
import { PageRenderer } from './page-renderer';

/** The error page's message for statuses where the exception's own message would not help the reader. */
const STATUS_MESSAGES: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.NOT_FOUND]: 'お探しのページは見つかりませんでした。URLを確かめるか、一覧から選び直してください。',
  [HttpStatus.TOO_MANY_REQUESTS]:
    '短い時間に何度も失敗したため、一時的に受け付けを止めています。しばらく待ってからもう一度お試しください。',
  // Nothing of the form was read, so nothing can be shown back: the browser's own Back keeps what was typed.
  [HttpStatus.PAYLOAD_TOO_LARGE]: `一度に送信できる量を超えたため、保存していません。文章は1つの欄に${MAX_TEXT_LENGTH.toLocaleString('en-US')}字まで書けます。ブラウザの「戻る」で入力していたページに戻り、長すぎる欄を短くしてから、もう一度保存してください。`,
  [HttpStatus.SERVICE_UNAVAILABLE]:
    'ほかの処理が混み合っているため、いまは受け付けられませんでした。数秒待ってから、もう一度送信してください。',
};

/** A session opened by an expert's mail link reaches one report: any other address is beyond it, existing or not. */
const BEYOND_LINK_SESSION =
  'メールのリンクから開いたときは、そのメールで依頼された報告だけを開けます。ほかの報告は、その報告の依頼や催促のメールにあるリンクから開いてください。すべてをまとめて見るには、サインインのページから、ご自分のメールアドレスとパスワードでサインインしてください。';

/** For a body the parsers could not read (malformed, an unknown charset): Express middleware's own refusals. */
const UNREADABLE_BODY =
  '送信された内容を読み取れませんでした。ページを読み込み直して、フォームからもう一度送信してください。';

/**
 * Errors of the web pages as pages. The API's filter decides the outcome (it audits denials, logs server errors,
 * gives the status and request id); this one only shows it: the sign-in page for 401, an error page otherwise.
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebExceptionFilter.name);
  private readonly api: HttpExceptionFilter;

  constructor(
    denialAudit: DenialAudit,
    private readonly pages: PageRenderer,
    private readonly keptChoices: KeptChoicesReader,
  ) {
    this.api = new HttpExceptionFilter([denialAudit]);
  }

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const outcome = await this.api.outcome(exception, request);
    if (response.headersSent) return;
    if (outcome.statusCode === HttpStatus.UNAUTHORIZED) return this.askToSignIn(request, response);
    setRetryAfter(exception, response);
    await this.show(response, 'error.njk', this.errorPage(exception, outcome, request), outcome.statusCode);
  }

  /**
   * A page asked for without a live sign-in: sign in, then on to it. A form sent after the sign-in ended (timed out,
   * signed out in another tab) is not carried out: the sign-in page says why, leads back to the form's page, and shows
   * what was written in it to copy, since nothing of it was kept. Only for a form from a page of this site (its
   * Referer): of one that another site made the browser send, nothing is shown back. An expert whose one-click link
   * session ended is asked to open the link in the latest mail again instead.
   */
  private async askToSignIn(request: Request, response: Response): Promise<void> {
    const asked = ['GET', 'HEAD'].includes(request.method);
    const formPage = asked ? null : pageOfForm(request);
    // Refused before the pages' middleware gave it a form token (a large file's route reads nothing unsigned): the
    // sign-in page is opened anew, with its own.
    if (asked || !request.csrfToken) {
      const next = asked ? request.originalUrl : localPath(formPage);
      return response.redirect(HttpStatus.SEE_OTHER, `/sign-in?next=${encodeURIComponent(next)}`);
    }
    const byLink = signedInByLink(request);
    const body = request.body as FormBody | undefined;
    const page = {
      title: 'サインイン',
      message: byLink ? LINK_SESSION_ENDED_MEANWHILE : SIGNED_OUT_MEANWHILE,
      byLink,
      form: new FormState(),
      next: localPath(formPage),
      kept: formPage ? keptText(body, {}, '', await this.keptChoices.of(body, formPage)) : [],
    };
    await this.show(response, 'sign-in.njk', page, HttpStatus.UNAUTHORIZED);
  }

  private async show(
    response: Response,
    template: string,
    data: { title: string; message: string },
    status: HttpStatus,
  ): Promise<void> {
    try {
      await this.pages.render(response, template, data, status);
    } catch (renderError) {
      this.logger.error({ err: renderError }, 'Could not render the error page');
      response.status(status).type('text/plain; charset=utf-8').send(`${data.title}\n${data.message}`);
    }
  }

  private errorPage(exception: unknown, outcome: ErrorBody, request: Request) {
    const altered = exception instanceof AlteredFormException;
    const forged = exception instanceof ForgedRequestException;
    // Refused before the form's page read it (a body nested too deep, an address holding text no field may hold): each
    // field said, what was written kept to copy.
    const fields = exception instanceof BadRequestException ? detailsOf(exception) : [];
    const formPage = altered || forged || fields.length > 0 ? pageOfForm(request) : null;
    // A form of a page of this site without a token of the browser's sign-in: its page was opened before signing in
    // again (or out) in another tab. Refused and recorded as any other, since the Referer is only the client's word;
    // but said without alarm, with what was written to copy. Made elsewhere (no Referer of this site): as it was.
    const openedBefore = forged && formPage !== null;
    return {
      title: openedBefore
        ? FORM_OPENED_BEFORE_SIGN_IN_TITLE
        : altered
          ? ALTERED_FORM_TITLE
          : forged
            ? FORGED_FORM_TITLE
            : (ERROR_TITLES[outcome.statusCode] ?? 'エラーが発生しました'),
      message: openedBefore
        ? FORM_OPENED_BEFORE_SIGN_IN
        : fields.length > 0
          ? [...new Set(fields.map((field) => fieldMessage(field)))].join(' ')
          : outcome.statusCode === HttpStatus.NOT_FOUND && request.actor?.linkScope
            ? BEYOND_LINK_SESSION
            : this.messageFor(exception, outcome),
      requestId: outcome.requestId,
      kept: openedBefore || fields.length > 0 ? keptText(request.body as FormBody | undefined) : [],
      // Opening the form's page again is what the message asks: a link to it, where the browser said which it was.
      back: formPage,
    };
  }

  private messageFor(exception: unknown, outcome: ErrorBody): string {
    const known = STATUS_MESSAGES[outcome.statusCode];
    if (known) return known;
    if (middlewareRefusalStatus(exception) !== null) return UNREADABLE_BODY;
    if (outcome.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR)
      return 'システムでエラーが発生しました。時間をおいてもう一度お試しください。解決しない場合は、下の受付番号を添えて管理者に連絡してください。';
    // A refusal the database made (a unique name taken meanwhile, say) is worded from the API's message, as any other.
    return generalMessage(
      exception instanceof HttpException ? exception : new HttpException(outcome.message, outcome.statusCode),
    );
  }
}

/**
 * The page of this site that a form was sent from (its Referer), as a path; null when not known or elsewhere, or a
 * path a browser would read as another site's (//elsewhere.example/…), which no link back may lead to.
 */
function pageOfForm(request: Request): string | null {
  const referer = request.get('referer');
  if (!referer) return null;
  try {
    const url = new URL(referer);
    const path = `${url.pathname}${url.search}`;
    return url.host === request.get('host') && localPath(path) === path ? path : null;
  } catch {
    return null;
  }
}
