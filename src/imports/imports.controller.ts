import {
  BadRequestException,
  Body,
  type CallHandler,
  Controller,
  type ExecutionContext,
  HttpCode,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
  Post,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { catchError, type Observable } from 'rxjs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiCreatedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam } from '../infra/http/uuid-param';
import { Role } from '../access/role';
import {
  ConfirmPastedImportRequest,
  ConfirmUploadRequest,
  DryRunView,
  ImportOptionsRequest,
  ImportResultView,
  MAX_UPLOAD_BYTES,
  PastedImportRequest,
  uploadSchema,
} from './imports.dto';
import { ImportSource, ImportsService, pastedSource } from './imports.service';

export interface UploadedImportFile {
  originalname: string;
  buffer: Buffer;
}

/** One file (field `file`) at most MAX_UPLOAD_BYTES, its name read as UTF-8; the pages' upload reads the same. */
export const UPLOAD_OPTIONS = {
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 },
  defParamCharset: 'utf8',
};

const fileInterceptor = FileInterceptor('file', UPLOAD_OPTIONS);

/** Multer's 413 says only "File too large": say how large a file may be. */
@Injectable()
class UploadSizeMessage implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof PayloadTooLargeException)) throw error;
        const megabytes = MAX_UPLOAD_BYTES / 1024 / 1024;
        throw new PayloadTooLargeException(
          `ファイルが大きすぎます（${megabytes} MB まで）。報告の表だけを残して保存し、もう一度アップロードしてください。` +
            ` The file is too large (at most ${megabytes} MB). Keep only the report tables, save it and upload it again.`,
        );
      }),
    );
  }
}

/** An upload of one file (field `file`) at most MAX_UPLOAD_BYTES, refused with a message that says the limit. */
export const upload = [UploadSizeMessage, fileInterceptor];

/** The uploaded file as an import source; without one, a 400 that says what to attach. */
export function uploaded(
  file: UploadedImportFile | undefined,
  missing = { message: 'Attach the file to import.', hint: 'file is required (.xlsx or tab-separated text)' },
): ImportSource {
  if (!file)
    throw new BadRequestException({ message: missing.message, details: [{ path: '/file', message: missing.hint }] });
  return { name: file.originalname, bytes: file.buffer };
}

/**
 * 取込み of the published layouts (事業実施結果報告 ①–⑧, KPI tables with yearly actuals). First a dry run, which writes
 * nothing; then the confirmation with the same file and the dry run's checksum, which writes all of it or nothing.
 * Owners import into their own department as drafts; planning into any department; only administrators load
 * past years as published history.
 */
@ApiTags('imports')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
@Controller(apiPath('organizations/:organizationId/imports'))
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** What the pasted cells hold, report by report and field by field, with warnings and errors. Writes nothing. */
  @Post('dry-run')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DryRunView })
  dryRun(@CurrentActor() actor: OrganizationActor, @Body() body: PastedImportRequest): Promise<DryRunView> {
    const { text: _text, sourceName: _name, ...settings } = body;
    return this.imports.dryRun(actor, pastedSource(body), settings);
  }

  /** The same for an uploaded .xlsx workbook (every sheet) or text file. */
  @Post('dry-run/upload')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(...upload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: uploadSchema(false) })
  @ApiOkResponse({ type: DryRunView })
  dryRunUpload(
    @CurrentActor() actor: OrganizationActor,
    @UploadedFile() file: UploadedImportFile | undefined,
    @Body() body: ImportOptionsRequest,
  ): Promise<DryRunView> {
    return this.imports.dryRun(actor, uploaded(file), body);
  }

  /** Imports the pasted cells checked in the dry run: every report, or (on any error) nothing. */
  @Post()
  @ApiCreatedResponse({ type: ImportResultView })
  @ApiConflictResponse({ description: 'The text differs from the one the dry run checked.' })
  @ApiUnprocessableEntityResponse({
    description: 'The file has errors; nothing was written. details lists them by path.',
  })
  confirm(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: ConfirmPastedImportRequest,
  ): Promise<ImportResultView> {
    const { text: _text, sourceName: _name, checksum, ...settings } = body;
    return this.imports.confirm(actor, pastedSource(body), settings, checksum);
  }

  /** Imports the uploaded file checked in the dry run. */
  @Post('upload')
  @UseInterceptors(...upload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: uploadSchema(true) })
  @ApiCreatedResponse({ type: ImportResultView })
  @ApiConflictResponse({ description: 'The file differs from the one the dry run checked.' })
  @ApiUnprocessableEntityResponse({
    description: 'The file has errors; nothing was written. details lists them by path.',
  })
  confirmUpload(
    @CurrentActor() actor: OrganizationActor,
    @UploadedFile() file: UploadedImportFile | undefined,
    @Body() body: ConfirmUploadRequest,
  ): Promise<ImportResultView> {
    const { checksum, ...settings } = body;
    return this.imports.confirm(actor, uploaded(file), settings, checksum);
  }
}
