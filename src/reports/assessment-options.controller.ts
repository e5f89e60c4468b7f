import { Body, Controller, Get, HttpStatus, Param, ParseEnumPipe, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { ALL_ROLES, Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam } from '../infra/http/uuid-param';
import { AssessmentOptionsRequest, AssessmentScaleView } from './assessment-options.dto';
import { AssessmentOptionsService } from './assessment-options.service';
import { AssessmentScale } from './report/assessment-choices';

// An unknown list names nothing, so it gets the same 404 as an unknown path.
const scaleParam = new ParseEnumPipe(AssessmentScale, { errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** The municipality's wording of ⑥ 事業効果, ⑦ 事業の評価 and ⑧ 今後の方針; each option counts as a national kind. */
@ApiTags('assessment options')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/assessment-options'))
export class AssessmentOptionsController {
  constructor(private readonly options: AssessmentOptionsService) {}

  @Allow(...ALL_ROLES)
  @Get()
  @ApiOkResponse({ type: [AssessmentScaleView] })
  all(@CurrentActor() actor: OrganizationActor): Promise<AssessmentScaleView[]> {
    return this.options.all(actor.organizationId);
  }

  @Allow(...ALL_ROLES)
  @Get(':scale')
  @ApiParam({ name: 'scale', enum: AssessmentScale })
  @ApiOkResponse({ type: AssessmentScaleView })
  get(
    @CurrentActor() actor: OrganizationActor,
    @Param('scale', scaleParam) scale: AssessmentScale,
  ): Promise<AssessmentScaleView> {
    return this.options.get(actor.organizationId, scale);
  }

  @Allow(Role.Administrator)
  @Put(':scale')
  @ApiParam({ name: 'scale', enum: AssessmentScale })
  @ApiOkResponse({ type: AssessmentScaleView })
  @ApiConflictResponse({
    description:
      'The list was saved since the one read (`checksum`; the checksum now in `details.checksum`); nothing was saved.',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'An empty or repeated label, an unknown kind, a changed kind, an option left out (retire it instead), more than 20 options, or none active.',
  })
  async replace(
    @CurrentActor() actor: OrganizationActor,
    @Param('scale', scaleParam) scale: AssessmentScale,
    @Body() body: AssessmentOptionsRequest,
  ): Promise<AssessmentScaleView> {
    return (await this.options.replace(actor, scale, body)).list;
  }
}
