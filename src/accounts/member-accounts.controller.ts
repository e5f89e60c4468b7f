import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { PasswordResetSentView } from './accounts.dto';
import { AccountStatusService } from './account-status.service';
import { PasswordResetsService } from './password-resets.service';

/** An administrator's hand on a member's account: a password reset link, deactivation when they leave. */
@ApiTags('users')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@ApiUuidParam('userId')
@Allow(Role.Administrator)
@Controller(apiPath('organizations/:organizationId/users/:userId'))
export class MemberAccountsController {
  constructor(
    private readonly resets: PasswordResetsService,
    private readonly status: AccountStatusService,
  ) {}

  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: PasswordResetSentView, description: 'A reset link goes to the member’s address.' })
  @ApiConflictResponse({ description: 'The account is deactivated.' })
  async sendPasswordReset(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
  ): Promise<PasswordResetSentView> {
    const reset = await this.resets.sendByAdministrator(actor, userId);
    return { message: 'A link to set a new password was sent.', expiresAt: reset.expiresAt.toISOString() };
  }

  @Post('deactivate')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account can no longer sign in; its sessions have ended.' })
  @ApiConflictResponse({
    description:
      'Deactivated already, the caller’s own account, the last administrator, a person with roles in another organization, or an external expert still asked for opinions on reports in review (details lists them).',
  })
  async deactivate(@CurrentActor() actor: OrganizationActor, @UuidParam('userId') userId: string): Promise<void> {
    await this.status.deactivate(actor, userId);
  }

  @Post('reactivate')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account can sign in again.' })
  @ApiConflictResponse({ description: 'The account is not deactivated.' })
  async reactivate(@CurrentActor() actor: OrganizationActor, @UuidParam('userId') userId: string): Promise<void> {
    await this.status.reactivate(actor, userId);
  }
}
