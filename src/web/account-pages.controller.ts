import { Body, ConflictException, Controller, Get, HttpStatus, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor, Public } from '../access/access.decorators';
import { Actor } from '../access/actor';
import {
  EmailChangeCancellation,
  EmailChangeConfirmation,
  EmailChangeRequest,
  OwnNameRequest,
} from '../accounts/accounts.dto';
import { EmailChangeLinkUnusableException } from '../accounts/email-change-link';
import { OwnAccountService } from '../accounts/own-account.service';
import { anonymousAuditActor } from '../audit/audit-log';
import { ChangePasswordRequest } from '../auth/auth.dto';
import { TooManyAttemptsException } from '../auth/login-throttle';
import { UsersService } from '../users/users.service';
import { fieldId, FormBody, formErrors, FormState, PageError, statusOf, text, validated } from './forms';
import { type FieldLabels } from './messages/field-labels';
import { currentPasswordThrottled } from './messages/error-messages';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

const ACCOUNT_PATH = '/account';
const EMAIL_LABELS = { '/email': '新しいメールアドレス' };
const CURRENT_PASSWORD = '/currentPassword';
/** The address form's own password field: the password form's has the id f-currentPassword on the same page. */
const EMAIL_FORM_PASSWORD = '/emailCurrentPassword';

/**
 * アカウント設定: the signed-in person's own name, password and address, for every role, outside any organization (the
 * account is the same in each). Each form is its own; a refused one is shown again with the others as they were. The
 * link confirming a new address opens without a session, as a reset link does: its holder has the new mailbox.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Authenticated()
@Controller('account')
export class AccountPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly account: OwnAccountService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    return this.render(response, actor, {});
  }

  @Post('name')
  async rename(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const displayName = text(body, '/displayName');
    try {
      const request = await validated(OwnNameRequest, { displayName });
      await this.users.renameOwn(actor, request.displayName);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      const nameForm = new FormState({ '/displayName': displayName }, errors);
      return this.render(response, actor, { nameForm, errors }, statusOf(error));
    }
    this.pages.redirect(response, ACCOUNT_PATH, 'account-renamed');
  }

  @Post('password')
  async changePassword(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    try {
      const request = await validated(ChangePasswordRequest, {
        currentPassword: text(body, CURRENT_PASSWORD),
        newPassword: text(body, '/newPassword'),
      });
      await this.account.changePassword(actor, request.currentPassword, request.newPassword);
    } catch (error) {
      const refusal = this.currentPasswordRefusal(error, response);
      if (!refusal) throw error;
      // Passwords are never written back into a page.
      const passwordForm = new FormState({}, refusal.errors);
      return this.render(response, actor, { passwordForm, errors: refusal.errors }, refusal.status);
    }
    this.pages.redirect(response, ACCOUNT_PATH, 'password-changed');
  }

  @Post('email')
  async requestEmailChange(
    @CurrentActor() actor: Actor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const email = text(body, '/email');
    try {
      const currentPassword = text(body, EMAIL_FORM_PASSWORD);
      const request = await validated(EmailChangeRequest, { email, currentPassword });
      await this.account.requestEmailChange(actor, request.email, request.currentPassword);
    } catch (error) {
      const refusal = this.currentPasswordRefusal(error, response, EMAIL_FORM_PASSWORD, EMAIL_LABELS);
      if (!refusal) throw error;
      // The address is kept for another try; the password, as always, is not written back.
      const emailForm = new FormState({ '/email': email }, refusal.errors);
      return this.render(response, actor, { emailForm, errors: refusal.errors }, refusal.status);
    }
    this.pages.redirect(response, ACCOUNT_PATH, 'email-change-sent');
  }

  /** The change asked for, taken back from the page (the notice to the old address has a link of its own). */
  @Post('email/cancel')
  async cancelOwnEmailChange(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    try {
      await this.account.cancelOwnEmailChange(actor);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return this.render(response, actor, { errors }, statusOf(error));
    }
    this.pages.redirect(response, ACCOUNT_PATH, 'email-change-cancelled');
  }

  @Public()
  @Get('email/:token')
  async emailChangePage(@Param('token') token: string, @Res() response: Response): Promise<void> {
    try {
      const change = await this.account.openEmailChange(token);
      return await this.pages.render(response, 'email-change.njk', { step: 'confirm', token, change });
    } catch (error) {
      return this.refuseLink(response, error);
    }
  }

  /** A POST, not the link itself: mail scanners open links, and only the person should make the change. */
  @Public()
  @Post('email/confirm')
  async confirmEmailChange(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    try {
      const request = await validated(EmailChangeConfirmation, { token: text(body, 'token') });
      await this.account.confirmEmailChange(request.token, anonymousAuditActor(response.req));
    } catch (error) {
      if (error instanceof ConflictException)
        return this.pages.render(response, 'email-change.njk', { step: 'taken' }, HttpStatus.CONFLICT);
      return this.refuseLink(response, error);
    }
    return this.pages.render(response, 'email-change.njk', { step: 'done' });
  }

  /** The notice to the old address links here: a page with a button, as mail scanners open links too. */
  @Public()
  @Get('email-cancel/:token')
  async emailChangeCancelPage(@Param('token') token: string, @Res() response: Response): Promise<void> {
    try {
      const change = await this.account.openEmailChange(token, 'cancel');
      return await this.pages.render(response, 'email-change-cancel.njk', { step: 'confirm', token, change });
    } catch (error) {
      return this.refuseLink(response, error);
    }
  }

  @Public()
  @Post('email-cancel')
  async cancelEmailChange(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    try {
      const request = await validated(EmailChangeCancellation, { token: text(body, 'token') });
      await this.account.cancelEmailChange(request.token, anonymousAuditActor(response.req));
    } catch (error) {
      return this.refuseLink(response, error);
    }
    return this.pages.render(response, 'email-change-cancel.njk', { step: 'done' });
  }

  /** A dead link gets its own explanation, on its kind's page; anything else goes to the error page. */
  private refuseLink(response: Response, error: unknown): Promise<void> {
    if (!(error instanceof EmailChangeLinkUnusableException)) throw error;
    return this.pages.render(
      response,
      error.kind === 'confirm' ? 'email-change.njk' : 'email-change-cancel.njk',
      { step: 'unusable', problem: error.problem },
      error.getStatus(),
    );
  }

  /**
   * A form asking for the current password, whose field is passwordField on the page (each form's has an id of its
   * own): a wrong one, or too many, is said beside it, as other refusals are beside theirs.
   */
  private currentPasswordRefusal(
    error: unknown,
    response: Response,
    passwordField = CURRENT_PASSWORD,
    labels?: FieldLabels,
  ): { errors: PageError[]; status: HttpStatus } | null {
    const besidePassword = (refusal: PageError): PageError =>
      refusal.path === CURRENT_PASSWORD
        ? { ...refusal, path: passwordField, href: `#${fieldId(passwordField)}` }
        : refusal;
    if (error instanceof TooManyAttemptsException) {
      const { retryAfterSeconds } = error.getResponse() as { retryAfterSeconds: number };
      response.setHeader('Retry-After', String(retryAfterSeconds));
      const errors = [{ text: currentPasswordThrottled(retryAfterSeconds), href: '', path: CURRENT_PASSWORD }];
      return { errors: errors.map(besidePassword), status: HttpStatus.TOO_MANY_REQUESTS };
    }
    const errors = formErrors(error, labels);
    return errors ? { errors: errors.map(besidePassword), status: statusOf(error) } : null;
  }

  private async render(
    response: Response,
    actor: Actor,
    data: { nameForm?: FormState; passwordForm?: FormState; emailForm?: FormState; errors?: PageError[] },
    status = HttpStatus.OK,
  ): Promise<void> {
    const user = await this.users.get(actor.userId);
    const pendingEmailChange = await this.account.pendingEmailChange(actor);
    return this.pages.render(
      response,
      'account.njk',
      {
        account: { email: user.email, displayName: user.displayName },
        pendingEmailChange,
        nameForm: data.nameForm ?? new FormState({ '/displayName': user.displayName }),
        passwordForm: data.passwordForm ?? new FormState(),
        emailForm: data.emailForm ?? new FormState(),
        errors: data.errors,
      },
      status,
    );
  }
}
