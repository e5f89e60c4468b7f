import { Body, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentActor } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { OwnNameRequest } from '../accounts/accounts.dto';
import { OwnAccountService } from '../accounts/own-account.service';
import { ChangePasswordRequest } from '../auth/auth.dto';
import { TooManyAttemptsException } from '../auth/login-throttle';
import { PASSWORD_MIN_LENGTH } from '../users/password-policy';
import { UsersService } from '../users/users.service';
import { FormBody, formErrors, FormState, PageError, statusOf, text, validated } from './forms';
import { passwordChangeThrottled } from './messages/error-messages';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

const ACCOUNT_PATH = '/account';

/**
 * アカウント設定: the signed-in person's own name and password, for every role, outside any organization (the account is
 * the same in each). Each form is its own; a refused one is shown again with the other as it was.
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
        currentPassword: text(body, '/currentPassword'),
        newPassword: text(body, '/newPassword'),
      });
      await this.account.changePassword(actor, request.currentPassword, request.newPassword);
    } catch (error) {
      const refusal = this.passwordRefusal(error, response);
      if (!refusal) throw error;
      // Passwords are never written back into a page.
      const passwordForm = new FormState({}, refusal.errors);
      return this.render(response, actor, { passwordForm, errors: refusal.errors }, refusal.status);
    }
    this.pages.redirect(response, ACCOUNT_PATH, 'password-changed');
  }

  private passwordRefusal(error: unknown, response: Response): { errors: PageError[]; status: HttpStatus } | null {
    if (error instanceof TooManyAttemptsException) {
      const { retryAfterSeconds } = error.getResponse() as { retryAfterSeconds: number };
      response.setHeader('Retry-After', String(retryAfterSeconds));
      const errors = [
        { text: passwordChangeThrottled(retryAfterSeconds), href: '#f-currentPassword', path: '/currentPassword' },
      ];
      return { errors, status: HttpStatus.TOO_MANY_REQUESTS };
    }
    const errors = formErrors(error);
    return errors ? { errors, status: statusOf(error) } : null;
  }

  private async render(
    response: Response,
    actor: Actor,
    data: { nameForm?: FormState; passwordForm?: FormState; errors?: PageError[] },
    status = HttpStatus.OK,
  ): Promise<void> {
    const user = await this.users.get(actor.userId);
    return this.pages.render(
      response,
      'account.njk',
      {
        account: { email: user.email, displayName: user.displayName },
        nameForm: data.nameForm ?? new FormState({ '/displayName': user.displayName }),
        passwordForm: data.passwordForm ?? new FormState(),
        errors: data.errors,
        passwordMinLength: PASSWORD_MIN_LENGTH,
      },
      status,
    );
  }
}
