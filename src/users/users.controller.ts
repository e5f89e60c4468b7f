import { Body, Controller, Get, Post } from '@nestjs/common';
import { auditActorOf } from '../audit/audit-log';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { Role } from '../access/role';
import { MembershipView, MemberView, RoleGrantRequest } from './users.dto';
import { UsersService } from './users.service';

/**
 * People and their roles within one organization; administrators only. New people are invited (src/invitations);
 * roles are taken away in src/accounts, which knows what a role still has in hand.
 */
@ApiTags('users')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.Administrator)
@Controller(apiPath('organizations/:organizationId'))
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  @ApiOkResponse({ type: [MemberView] })
  async list(@CurrentActor() actor: OrganizationActor): Promise<MemberView[]> {
    return (await this.users.listMembers(actor.organizationId)).map(MemberView.from);
  }

  @Post('users/:userId/memberships')
  @ApiCreatedResponse({ type: MembershipView })
  async grant(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
    @Body() body: RoleGrantRequest,
  ): Promise<MembershipView> {
    return MembershipView.from(await this.users.grantRole(actor.organizationId, userId, body, auditActorOf(actor)));
  }
}
