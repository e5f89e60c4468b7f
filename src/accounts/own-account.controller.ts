import { Body, Controller, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { CurrentUserView } from '../auth/auth.dto';
import { apiPath } from '../infra/http/api-path';
import { UsersService } from '../users/users.service';
import { OwnNameRequest } from './accounts.dto';

/**
 * アカウント設定 over the API: the signed-in person's own name, beside GET auth/me. A one-click link
 * session (an expert's) changes none of it.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller(apiPath('auth'))
export class OwnAccountController {
  constructor(private readonly users: UsersService) {}

  @Authenticated()
  @Patch('me')
  @ApiOkResponse({ type: CurrentUserView, description: 'The name is changed wherever it is shown.' })
  async rename(@CurrentActor() actor: Actor, @Body() body: OwnNameRequest): Promise<CurrentUserView> {
    await this.users.renameOwn(actor, body.displayName);
    return CurrentUserView.from(await this.users.getWithMemberships(actor.userId));
  }
}
