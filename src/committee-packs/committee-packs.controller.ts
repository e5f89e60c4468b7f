import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { fiscalYearLabel } from '../common/era-input';
import { upload, uploaded, type UploadedImportFile } from '../imports/imports.controller';
import { apiPath } from '../infra/http/api-path';
import { ApiFileResponse, contentDisposition } from '../infra/http/file-response';
import { FiscalYearParam } from '../infra/http/fiscal-year-param';
import { ApiUuidParam } from '../infra/http/uuid-param';
import {
  CommitteePackConfirmRequest,
  CommitteePackDryRunView,
  CommitteePackImportResultView,
} from './committee-packs.dto';
import { CommitteePacksService } from './committee-packs.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileSchema = (withChecksum: boolean) => ({
  type: 'object',
  required: ['file', ...(withChecksum ? ['checksum'] : [])],
  properties: {
    file: { type: 'string', format: 'binary', description: 'the filled .xlsx of the committee meeting pack' },
    ...(withChecksum ? { checksum: { type: 'string', pattern: '^[0-9a-f]{64}$' } } : {}),
  },
});

const filledPack = (file: UploadedImportFile | undefined) =>
  uploaded(file, {
    message: 'Attach the filled workbook of the committee meeting pack.',
    hint: 'file is required (.xlsx)',
  });

/**
 * 外部評価委員会資料: the planning division takes the year's reports to the panel's meeting as a workbook and a
 * printable page, and brings the meeting's ⑦ and the experts' opinions back: a dry run, then the confirmation of the
 * same file.
 */
@ApiTags('committee-packs')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.PlanningDivision, Role.Administrator)
@Controller(apiPath('organizations/:organizationId/committee-packs'))
export class CommitteePacksController {
  constructor(private readonly packs: CommitteePacksService) {}

  /** The workbook: a table of contents, one sheet per report (①–⑥ locked, ⑦ and each expert's row to fill). */
  @Get(':fiscalYear.xlsx')
  @ApiFileResponse(XLSX)
  async workbook(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
  ): Promise<StreamableFile> {
    const { content } = await this.packs.workbook(actor, fiscalYear);
    return new StreamableFile(content, {
      type: XLSX,
      disposition: contentDisposition(
        'attachment',
        `外部評価委員会資料_${fiscalYearLabel(fiscalYear)}.xlsx`,
        `committee-pack-${fiscalYear}.xlsx`,
      ),
      length: content.length,
    });
  }

  /** The same reports as one page that prints on A4, with a table of contents. */
  @Get(':fiscalYear')
  @ApiFileResponse('text/html')
  async page(@CurrentActor() actor: OrganizationActor, @FiscalYearParam() fiscalYear: number): Promise<StreamableFile> {
    const page = Buffer.from((await this.packs.page(actor, fiscalYear)).content, 'utf8');
    return new StreamableFile(page, {
      type: 'text/html; charset=utf-8',
      disposition: contentDisposition(
        'inline',
        `外部評価委員会資料_${fiscalYearLabel(fiscalYear)}.html`,
        `committee-pack-${fiscalYear}.html`,
      ),
      length: page.length,
    });
  }

  /** What the filled workbook would change, report by report and cell by cell, and what keeps it out. Writes nothing. */
  @Post(':fiscalYear/import')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(...upload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: fileSchema(false) })
  @ApiOkResponse({ type: CommitteePackDryRunView })
  dryRun(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
    @UploadedFile() file: UploadedImportFile | undefined,
  ): Promise<CommitteePackDryRunView> {
    return this.packs.dryRun(actor, fiscalYear, filledPack(file));
  }

  /** Writes what the dry run of the same file showed: every report's changes, or (on any error) nothing. */
  @Post(':fiscalYear/import/confirm')
  @UseInterceptors(...upload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: fileSchema(true) })
  @ApiCreatedResponse({ type: CommitteePackImportResultView })
  @ApiConflictResponse({ description: 'The file differs from the one the dry run checked, or a report changed since.' })
  @ApiUnprocessableEntityResponse({ description: 'The workbook has errors or changes nothing; nothing was written.' })
  confirm(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
    @UploadedFile() file: UploadedImportFile | undefined,
    @Body() body: CommitteePackConfirmRequest,
  ): Promise<CommitteePackImportResultView> {
    return this.packs.confirm(actor, fiscalYear, filledPack(file), body.checksum);
  }
}
