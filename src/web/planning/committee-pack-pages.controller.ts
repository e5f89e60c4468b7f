import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  HttpStatus,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UploadedFile,
  UnprocessableEntityException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { CommitteePackDryRunView, CommitteePackImportResultView } from '../../committee-packs/committee-packs.dto';
import { CommitteePacksService } from '../../committee-packs/committee-packs.service';
import { type UploadedImportFile } from '../../imports/imports.controller';
import { type ImportSource } from '../../imports/imports.service';
import { FiscalYearParam } from '../../infra/http/fiscal-year-param';
import { type FormBody, type PageError, statusOf, text } from '../forms';
import { COMMITTEE_PACK_REFUSALS, generalMessage } from '../messages/error-messages';
import { organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { type UploadRequest } from '../upload.middleware';
import { WebExceptionFilter } from '../web-exception.filter';

const FILE_FIELD = { href: '#f-file', path: '/file' };

/**
 * 外部評価委員会資料の取込み from the planning division's year board: the filled workbook is checked (the dry run, which
 * lists every change per report and what keeps it out), then taken in by choosing the same file again.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.PlanningDivision, Role.Administrator)
@Controller('o/:organizationId/committee-packs/:fiscalYear/import')
export class CommitteePackPagesController {
  constructor(
    private readonly packs: CommitteePacksService,
    private readonly pages: PageRenderer,
  ) {}

  @Post()
  async check(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
    @Req() request: UploadRequest,
    @UploadedFile() file: UploadedImportFile | undefined,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const dryRun = await this.packs.dryRun(actor, fiscalYear, this.source(request, file));
      return this.render(response, actor, fiscalYear, { dryRun });
    } catch (error) {
      return this.refused(response, actor, fiscalYear, error);
    }
  }

  @Post('confirm')
  async confirm(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
    @Req() request: UploadRequest,
    @UploadedFile() file: UploadedImportFile | undefined,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    let source: ImportSource | undefined;
    try {
      source = this.source(request, file);
      const imported = await this.packs.confirm(actor, fiscalYear, source, text(body, '/checksum'));
      return await this.render(response, actor, fiscalYear, { imported });
    } catch (error) {
      if (!source || !(error instanceof ConflictException || error instanceof UnprocessableEntityException))
        return this.refused(response, actor, fiscalYear, error);
      // Shown again as it stands now, under what kept it from being taken in (as the report import page does).
      const dryRun = await this.packs.dryRun(actor, fiscalYear, source);
      // Without errors, a workbook was refused for changing nothing: the dry run under it says so report by report.
      const nothingChanged =
        error instanceof UnprocessableEntityException && dryRun.counts.errors + dryRun.counts.changes === 0;
      const refusal = nothingChanged
        ? COMMITTEE_PACK_REFUSALS.nothingChanged
        : COMMITTEE_PACK_REFUSALS.confirmation[error.getStatus() as HttpStatus]!;
      const errors = [{ text: refusal, href: '#dry-run' }];
      return this.render(response, actor, fiscalYear, { dryRun, errors }, statusOf(error));
    }
  }

  private source(request: UploadRequest, file: UploadedImportFile | undefined): ImportSource {
    if (request.uploadError instanceof Error) throw request.uploadError;
    if (!file) throw new UploadMissing();
    return { name: file.originalname, bytes: file.buffer };
  }

  /** A file that cannot be checked at all: said beside the file field, in words that say which file to choose. */
  private refused(response: Response, actor: OrganizationActor, fiscalYear: number, error: unknown): Promise<void> {
    let refusal: string;
    if (error instanceof UploadMissing) refusal = COMMITTEE_PACK_REFUSALS.noFile;
    else if (error instanceof BadRequestException) refusal = generalMessage(error);
    else if (error instanceof PayloadTooLargeException) refusal = COMMITTEE_PACK_REFUSALS.fileTooLarge;
    else throw error;
    return this.render(response, actor, fiscalYear, { errors: [{ text: refusal, ...FILE_FIELD }] }, statusOf(error));
  }

  private render(
    response: Response,
    actor: OrganizationActor,
    fiscalYear: number,
    {
      dryRun,
      imported,
      errors = [],
    }: { dryRun?: CommitteePackDryRunView; imported?: CommitteePackImportResultView; errors?: PageError[] },
    status?: HttpStatus,
  ): Promise<void> {
    const base = organizationPath(actor.organizationId, `committee-packs/${fiscalYear}/import`);
    return this.pages.render(
      response,
      'planning/committee-pack-import.njk',
      {
        fiscalYear,
        dryRun,
        imported,
        errors: [...errors, ...(dryRun?.errors ?? []).map((message) => ({ text: message, href: '#dry-run' }))],
        checkHref: base,
        confirmHref: `${base}/confirm`,
        boardHref: organizationPath(actor.organizationId, `board?fiscalYear=${fiscalYear}`),
      },
      status,
    );
  }
}

/** No file was chosen: said beside the file field, not as an error page. */
class UploadMissing extends Error {}
