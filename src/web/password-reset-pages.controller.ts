import { Body, Controller, Get, HttpStatus, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../access/access.decorators';
import { NewPasswordRequest, PasswordResetRequest } from '../accounts/accounts.dto';
import { ResetLinkUnusableException } from '../accounts/password-reset-link';
import { PasswordResetsService, TooManyResetRequestsException } from '../accounts/password-resets.service';
import { anonymousAuditActor } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { FormBody, formErrors, FormState, formValues, statusOf, text, validated } from './forms';
import { passwordResetThrottled } from './messages/error-messages';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * パスワードを忘れた場合: the address, the same answer for every address, then the page behind the mailed link that
 * sets the new password. As with invitations, only the link carries the token in its URL; the form posts it.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('password-reset')
export class PasswordResetPagesController {
  constructor(
    private readonly resets: PasswordResetsService,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  requestPage(@Res() response: Response): Promise<void> {
    return this.render(response, { step: 'request', form: new FormState() });
  }

  @Public()
  @Post()
  async request(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    try {
      const request = await validated(PasswordResetRequest, { email: text(body, '/email') });
      await this.resets.request(request.email, anonymousAuditActor(response.req));
    } catch (error) {
      const form = (errors: { text: string; href: string; path?: string }[]) =>
        new FormState(formValues({ '/email': text(body, '/email') }), errors);
      if (error instanceof TooManyResetRequestsException) {
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
        const errors = [
          {
            text: passwordResetThrottled(error.retryAfterSeconds),
            href: '#f-email',
          },
        ];
        return this.render(response, { step: 'request', form: form(errors), errors }, HttpStatus.TOO_MANY_REQUESTS);
      }
      const errors = formErrors(error);
      if (!errors) throw error;
      return this.render(response, { step: 'request', form: form(errors), errors }, statusOf(error));
    }
    this.pages.redirect(response, '/password-reset/sent');
  }

  /** Declared before :token, which would match it too. */
  @Public()
  @Get('sent')
  sentPage(@Res() response: Response): Promise<void> {
    return this.render(response, { step: 'sent' });
  }

  @Public()
  @Get(':token')
  async newPasswordPage(@Param('token') token: string, @Res() response: Response): Promise<void> {
    try {
      const link = await this.resets.open(token);
      return await this.render(response, { step: 'new-password', token, link, form: new FormState() });
    } catch (error) {
      return this.refuse(response, error);
    }
  }

  @Public()
  @Post('new-password')
  async setNewPassword(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    const token = text(body, 'token');
    try {
      const link = await this.resets.open(token);
      try {
        const request = await validated(NewPasswordRequest, { token, password: text(body, '/password') });
        await this.resets.complete(request.token, request.password, anonymousAuditActor(response.req));
      } catch (error) {
        const errors = formErrors(error, { '/password': '新しいパスワード' });
        if (!errors) throw error;
        const form = new FormState({}, errors);
        return await this.render(response, { step: 'new-password', token, link, form, errors }, statusOf(error));
      }
    } catch (error) {
      return this.refuse(response, error);
    }
    this.pages.redirect(response, '/sign-in', 'password-reset-done');
  }

  private render(response: Response, data: Record<string, unknown>, status = HttpStatus.OK): Promise<void> {
    return this.pages.render(
      response,
      'password-reset.njk',
      {
        ttlMinutes: this.config.passwordResetTtlMinutes,
        ...data,
      },
      status,
    );
  }

  /** A dead link gets its own explanation; anything else goes to the error page. */
  private refuse(response: Response, error: unknown): Promise<void> {
    if (!(error instanceof ResetLinkUnusableException)) throw error;
    return this.render(response, { step: 'unusable', problem: error.problem }, error.getStatus());
  }
}
