import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { ROLE_LABELS } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { OrganizationView } from '../organizations/organizations.dto';
import { Role } from '../access/role';
import { UsersService } from './users.service';

export class MyOrganizationView extends OrganizationView {
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ type: [String], example: ['企画政策課'] }) roleLabels: string[];
}

/** The organizations the signed-in user works in, with their roles there (to pick one after sign-in). */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller(apiPath('organizations'))
export class MyOrganizationsController {
  constructor(private readonly users: UsersService) {}

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: [MyOrganizationView] })
  async list(@CurrentActor() actor: Actor): Promise<MyOrganizationView[]> {
    const user = await this.users.getWithMemberships(actor.userId);
    const byOrganization = new Map<string, MyOrganizationView>();
    for (const membership of user.memberships ?? []) {
      const entry = byOrganization.get(membership.organizationId) ?? {
        ...OrganizationView.from(membership.organization!),
        roles: [],
        roleLabels: [],
      };
      if (!entry.roles.includes(membership.role)) {
        entry.roles.push(membership.role);
        entry.roleLabels.push(ROLE_LABELS[membership.role]);
      }
      byOrganization.set(membership.organizationId, entry);
    }
    return [...byOrganization.values()];
  }
}
