import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../access/access.decorators';
import { apiPath } from '../infra/http/api-path';
import { GrantTypeView } from './projects.dto';
import { ProjectsRepository } from './projects.repository';

@ApiTags('projects')
@ApiBearerAuth()
@Controller(apiPath('grant-types'))
export class GrantTypesController {
  constructor(private readonly projects: ProjectsRepository) {}

  /** 交付金の種類 to choose from. */
  @Authenticated()
  @Get()
  @ApiOkResponse({ type: [GrantTypeView] })
  async list(): Promise<GrantTypeView[]> {
    return (await this.projects.listGrantTypes()).map(GrantTypeView.from);
  }
}
