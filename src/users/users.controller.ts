import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { auditActorOf } from '../audit/audit-log';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { Role } from '../access/role';
import { AddMemberRequest, MembershipView, MemberView, RoleGrantRequest } from './users.dto';
import { UsersService } from './users.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** People and their roles within one organization; administrators only. */
@ApiTags('users')
@ApiBearerAuth()
@Allow(Role.Administrator)
@Controller(apiPath('organizations/:organizationId'))
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  async list(@CurrentActor() actor: OrganizationActor): Promise<MemberView[]> {
    return (await this.users.listMembers(actor.organizationId)).map(MemberView.from);
  }

  @Post('users')
  async add(@CurrentActor() actor: OrganizationActor, @Body() body: AddMemberRequest): Promise<MemberView> {
    const user = await this.users.addMember(actor.organizationId, body, body.roles, auditActorOf(actor));
    return MemberView.from({ ...user, memberships: user.memberships?.filter((m) => m.organizationId === actor.organizationId) });
  }

  @Post('users/:userId/memberships')
  async grant(@CurrentActor() actor: OrganizationActor, @Param('userId', uuid) userId: string, @Body() body: RoleGrantRequest): Promise<MembershipView> {
    return MembershipView.from(await this.users.grantRole(actor.organizationId, userId, body, auditActorOf(actor)));
  }

  @Delete('memberships/:membershipId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async revoke(@CurrentActor() actor: OrganizationActor, @Param('membershipId', uuid) membershipId: string): Promise<void> {
    await this.users.revokeMembership(actor.organizationId, membershipId, auditActorOf(actor));
  }
}
