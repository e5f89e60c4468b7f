import { Controller, Delete, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { RoleRevocationService } from './role-revocation.service';

/** Taking a role from someone; administrators only. Granting is with the users (src/users). */
@ApiTags('users')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.Administrator)
@Controller(apiPath('organizations/:organizationId'))
export class MembershipsController {
  constructor(private readonly revocations: RoleRevocationService) {}

  @Delete('memberships/:membershipId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Membership revoked.' })
  @ApiConflictResponse({
    description:
      'The last administrator, or an external expert still asked for opinions on reports in review (details lists them).',
  })
  async revoke(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('membershipId') membershipId: string,
  ): Promise<void> {
    await this.revocations.revoke(actor, membershipId);
  }
}
