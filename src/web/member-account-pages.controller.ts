import { Body, Controller, Get, HttpStatus, NotFoundException, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { AccountStatusService } from '../accounts/account-status.service';
import { DepartmentOwners } from '../accounts/department-owners';
import { PasswordResetsService } from '../accounts/password-resets.service';
import { AppConfig } from '../infra/config/app-config';
import { UuidParam } from '../infra/http/uuid-param';
import { ExpertStillAskedException } from '../reports/reviews/reviews.service';
import { MembershipView } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { isConfirmed, renderConfirmation } from './confirmation';
import { type FormBody, formErrors, PageError, statusOf } from './forms';
import { CONFIRMATIONS } from './messages/confirmations';
import { expertStillAskedRefusal } from './messages/error-messages';
import { organizationPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';
import { roleText } from './view-helpers';

/**
 * One member's account, for the administrator: send a password reset link, deactivate the account of someone who left
 * (or reactivate it). Each action is a form of its own on this page, so a confirmation step can be put before it.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.Administrator)
@Controller('o/:organizationId/admin/users/:userId')
export class MemberAccountPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly resets: PasswordResetsService,
    private readonly status: AccountStatusService,
    private readonly departmentOwners: DepartmentOwners,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  @Get()
  page(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.render(response, actor, userId);
  }

  @Post('password-reset')
  sendPasswordReset(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(response, actor, userId, 'password-reset-sent', () =>
      this.resets.sendByAdministrator(actor, userId),
    );
  }

  /** The page's button posts without confirming: the confirmation page, whose button posts here again, confirmed. */
  @Post('deactivate')
  async deactivate(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    if (isConfirmed(body))
      return this.act(response, actor, userId, 'user-deactivated', () => this.status.deactivate(actor, userId));
    // Refused on pressing the button, before the confirmation page, as on confirming.
    if (await this.refused(response, actor, userId, () => this.status.assertDeactivatable(actor, userId))) return;
    const [user, ownerless] = await Promise.all([
      this.users.getWithMemberships(userId),
      this.departmentOwners.leftBy(actor.organizationId, userId),
    ]);
    const here = (user.memberships ?? []).filter((membership) => membership.organizationId === actor.organizationId);
    const memberHref = organizationPath(actor.organizationId, `admin/users/${userId}`);
    return renderConfirmation(this.pages, response, {
      ...CONFIRMATIONS.deactivateAccount({ member: user.displayName, ownerless }),
      caption: 'システム管理・利用者',
      action: `${memberHref}/deactivate`,
      back: memberHref,
      facts: [
        { label: '氏名', value: user.displayName },
        { label: 'メールアドレス', value: user.email },
        { label: 'この団体での役割', value: here.map(MembershipView.from).map(roleText).join('、') },
      ],
    });
  }

  @Post('reactivate')
  reactivate(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(response, actor, userId, 'user-reactivated', () => this.status.reactivate(actor, userId));
  }

  /**
   * Runs the action; a refusal (409: the last administrator, one's own account, an expert still asked for opinions…) is
   * shown on the page.
   */
  private async act(
    response: Response,
    actor: OrganizationActor,
    userId: string,
    notice: string,
    run: () => Promise<unknown>,
  ): Promise<void> {
    if (await this.refused(response, actor, userId, run)) return;
    this.pages.redirect(response, organizationPath(actor.organizationId, `admin/users/${userId}`), notice);
  }

  /** Runs `run`; true when it was refused and the refusal is shown on the member's page. */
  private async refused(
    response: Response,
    actor: OrganizationActor,
    userId: string,
    run: () => Promise<unknown>,
  ): Promise<boolean> {
    try {
      await run();
      return false;
    } catch (error) {
      const errors =
        error instanceof ExpertStillAskedException
          ? [{ ...expertStillAskedRefusal(error.reports), href: '#main' }]
          : formErrors(error);
      if (!errors) throw error;
      await this.render(response, actor, userId, errors, statusOf(error));
      return true;
    }
  }

  private async render(
    response: Response,
    actor: OrganizationActor,
    userId: string,
    errors: PageError[] = [],
    status = HttpStatus.OK,
  ): Promise<void> {
    const user = await this.users.getWithMemberships(userId);
    const memberships = user.memberships ?? [];
    const here = memberships.filter((membership) => membership.organizationId === actor.organizationId);
    if (here.length === 0) throw new NotFoundException('User not found in this organization.');
    return this.pages.render(
      response,
      'admin/member.njk',
      {
        member: {
          id: user.id,
          displayName: user.displayName,
          email: user.email,
          deactivatedAt: user.deactivatedAt,
          memberships: here.map(MembershipView.from),
        },
        // Deactivation is of the whole account: only for people whose every role is in this organization.
        elsewhere: memberships.some((membership) => membership.organizationId !== actor.organizationId),
        isSelf: user.id === actor.userId,
        ttlMinutes: this.config.passwordResetTtlMinutes,
        usersHref: organizationPath(actor.organizationId, 'admin/users'),
        errors,
      },
      status,
    );
  }
}
