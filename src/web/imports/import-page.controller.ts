import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpStatus,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UnprocessableEntityException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { ownsDepartment, seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { ImportMode } from '../../imports/import-model';
import { uploaded } from '../../imports/imports.controller';
import {
  ConfirmUploadRequest,
  DryRunView,
  ImportOptionsRequest,
  ImportResultView,
  MAX_PASTED_CHARACTERS,
  MAX_PROJECT_CHOICES,
  MAX_UPLOAD_BYTES,
  PastedImportRequest,
} from '../../imports/imports.dto';
import {
  DEFAULT_GRANT_TYPE,
  type ImportSettings,
  type ImportSource,
  ImportsService,
  pastedSource,
} from '../../imports/imports.service';
import { ProjectsRepository } from '../../projects/projects.repository';
import { OrganizationsService } from '../../organizations/organizations.service';
import {
  fieldId,
  type FormBody,
  formErrors,
  FormState,
  formValues,
  type PageError,
  statusOf,
  text,
  validated,
} from '../forms';
import { IMPORT_REFUSALS } from '../messages/error-messages';
import { PageRenderer } from '../page-renderer';
import { type UploadRequest } from '../upload.middleware';
import { WebExceptionFilter } from '../web-exception.filter';
import {
  departmentPointer,
  departmentValues,
  dryRunErrors,
  dryRunRows,
  IMPORT_FIELD_LABELS,
  importOptions,
  importRequest,
  refusedDepartmentChoices,
  withoutDepartmentChoices,
} from './import-form';

const FILE = '/file';
const TEXT = '/text';

interface PageState {
  form?: FormState;
  dryRun?: DryRunView;
  imported?: ImportResultView;
  /** The file the dry run read: the person chooses it again to confirm, as the form cannot keep it. */
  checkedFile?: string;
}

/** What the form sends: the chosen file, else the pasted cells, and how to import either. */
interface Submission {
  source: ImportSource;
  settings: ImportSettings;
  file: boolean;
}

/** A file or text the form cannot send on to the import: said beside its field, not as an error page. */
class SourceRefusal extends Error {
  constructor(
    readonly path: string,
    readonly text: string,
    readonly status = HttpStatus.BAD_REQUEST,
  ) {
    super(text);
  }
}

/** All departments for those who see the whole organization, otherwise the person's own (as the import checks). */
const choosableBy =
  (actor: OrganizationActor) =>
  ({ id }: { id: string }) =>
    seesWholeOrganization(actor) || ownsDepartment(actor, id);

/** Where an error about a field of the form links to and is shown. */
const at = (path: string) => ({ href: `#${fieldId(path)}`, path });

/** Why multer could not read the form: too large a file or text, said beside it; anything else as the form's error. */
function uploadRefusal(error: unknown): unknown {
  const megabytes = MAX_UPLOAD_BYTES / 1024 / 1024;
  if (error instanceof PayloadTooLargeException)
    return new SourceRefusal(FILE, IMPORT_REFUSALS.fileTooLarge(megabytes), HttpStatus.PAYLOAD_TOO_LARGE);
  if (error instanceof BadRequestException && error.message.endsWith(` - ${TEXT}`))
    return new SourceRefusal(TEXT, IMPORT_REFUSALS.pastedTooLong(MAX_PASTED_CHARACTERS), HttpStatus.PAYLOAD_TOO_LARGE);
  if (error instanceof BadRequestException && error.message === 'Too many parts')
    return new SourceRefusal(FILE, IMPORT_REFUSALS.tooManyChoices(MAX_PROJECT_CHOICES), HttpStatus.PAYLOAD_TOO_LARGE);
  return error;
}

/**
 * 報告の取込み: choose the published workbook or paste its cells, check it (the dry run, which writes nothing), answer
 * what it asks — for a report whose name is close to a stored project's, link it or register a new project — and
 * import it all or nothing. A file is chosen again with each sending, as the committee pack's page does: a form
 * cannot carry it, and the checksum then proves it the one checked.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
@Controller('o/:organizationId/imports')
export class ImportPageController {
  constructor(
    private readonly imports: ImportsService,
    private readonly organizations: OrganizationsService,
    private readonly grantTypes: ProjectsRepository,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async start(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.render(response, actor, { form: await this.startingForm(actor) });
  }

  /** The dry run, again with every change of the file, the text or the choices. */
  @Post('dry-run')
  async check(
    @CurrentActor() actor: OrganizationActor,
    @Req() request: UploadRequest,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    let submission: Submission | undefined;
    try {
      submission = await this.submission(request, body);
      return await this.renderDryRun(response, actor, body, submission);
    } catch (error) {
      return this.refused(response, actor, request, body, error, submission);
    }
  }

  @Post()
  async confirm(
    @CurrentActor() actor: OrganizationActor,
    @Req() request: UploadRequest,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    let submission: Submission | undefined;
    try {
      submission = await this.submission(request, body);
      const { checksum } = await validated(ConfirmUploadRequest, {
        ...submission.settings,
        checksum: text(body, '/checksum'),
      });
      const imported = await this.imports.confirm(actor, submission.source, submission.settings, checksum);
      return await this.render(response, actor, { form: await this.startingForm(actor), imported });
    } catch (error) {
      if (!submission || !(error instanceof ConflictException || error instanceof UnprocessableEntityException))
        return this.refused(response, actor, request, body, error, submission);
      // Shown again as it stands now, under what kept it from being imported.
      const refusal = { text: IMPORT_REFUSALS.confirmation[error.getStatus() as HttpStatus]!, href: '#dry-run' };
      return this.renderDryRun(response, actor, body, submission, refusal, statusOf(error));
    }
  }

  private async renderDryRun(
    response: Response,
    actor: OrganizationActor,
    body: FormBody,
    { source, settings, file }: Submission,
    refusal?: PageError | { refusedDepartments: number[] },
    status?: HttpStatus,
  ): Promise<void> {
    const refusedDepartments = refusal && 'refusedDepartments' in refusal ? refusal.refusedDepartments : [];
    const dryRun = await this.imports.dryRun(actor, source, withoutDepartmentChoices(settings, refusedDepartments));
    const errors = [
      ...(refusal && 'text' in refusal ? [refusal] : []),
      ...refusedDepartments.map((index) => ({
        text: IMPORT_REFUSALS.departmentNoLongerChoosable(
          dryRun.reports.find((report) => report.index === index)?.project.name ?? '',
        ),
        ...at(departmentPointer(index)),
      })),
      ...dryRunErrors(dryRun),
    ];
    const form = new FormState({ ...formValues(body), ...departmentValues(dryRun) }, errors);
    return this.render(response, actor, { form, dryRun, checkedFile: file ? source.name : undefined }, status);
  }

  /**
   * The chosen file, else the pasted cells, with the settings checked as the API checks them. Both at once is refused:
   * which one the person meant to import is theirs to say.
   */
  private async submission(request: UploadRequest, body: FormBody): Promise<Submission> {
    if (request.uploadError !== undefined) throw uploadRefusal(request.uploadError);
    const file = request.file;
    const pasted = text(body, TEXT);
    if (file && pasted.trim() !== '') throw new SourceRefusal(FILE, IMPORT_REFUSALS.fileAndPasted);
    if (file) {
      const settings = await validated(ImportOptionsRequest, importOptions(body));
      return { source: uploaded(file), settings, file: true };
    }
    if (pasted.trim() === '') throw new SourceRefusal(FILE, IMPORT_REFUSALS.nothingSent);
    const { text: cells, sourceName, ...settings } = await validated(PastedImportRequest, importRequest(body));
    return { source: pastedSource({ text: cells, sourceName }), settings, file: false };
  }

  /** A refused form shown again with what to correct, beside the field it is about where there is one. */
  private refused(
    response: Response,
    actor: OrganizationActor,
    request: UploadRequest,
    body: FormBody,
    error: unknown,
    submission?: Submission,
  ): Promise<void> {
    // A department chosen for a report and retired (or no longer the person's) since: the dry run shown again, the
    // report's department proposed anew and the choice asked for beside it.
    const refusedDepartments = submission && refusedDepartmentChoices(error, submission.settings);
    if (refusedDepartments)
      return this.renderDryRun(response, actor, body, submission, { refusedDepartments }, HttpStatus.BAD_REQUEST);
    let errors: PageError[] | null;
    if (error instanceof SourceRefusal) errors = [{ text: error.text, ...at(error.path) }];
    else {
      errors = formErrors(error, IMPORT_FIELD_LABELS);
      if (!errors) throw error;
      // A file that cannot be read at all (an .xls, a picture) is refused naming no field: the file is the one.
      if (request.file && error instanceof BadRequestException)
        errors = errors.map((pageError) => (pageError.path ? pageError : { ...pageError, ...at(FILE) }));
    }
    const status = error instanceof SourceRefusal ? error.status : statusOf(error);
    return this.render(response, actor, { form: new FormState(formValues(body), errors) }, status);
  }

  /** A new import: the first department the person may choose, drafts, new projects as the import's default grant. */
  private async startingForm(actor: OrganizationActor): Promise<FormState> {
    const [department] = await this.departmentChoices(actor);
    return new FormState({
      '/departmentId': department?.id ?? '',
      '/grantTypeCode': DEFAULT_GRANT_TYPE,
      '/mode': ImportMode.Draft,
    });
  }

  /** All current departments for those who see the whole organization, otherwise the person's own (as the import checks). */
  private async departmentChoices(actor: OrganizationActor) {
    return (await this.organizations.listCurrentDepartments(actor.organizationId)).filter(choosableBy(actor));
  }

  private async render(
    response: Response,
    actor: OrganizationActor,
    { form = new FormState(), dryRun, imported, checkedFile }: PageState,
    status?: HttpStatus,
  ): Promise<void> {
    const [departments, allDepartments, grantTypes] = await Promise.all([
      this.departmentChoices(actor),
      // A checked file's rows may name a department retired since.
      this.organizations.listDepartments(actor.organizationId),
      this.grantTypes.listGrantTypes(),
    ]);
    const departmentNames = new Map(allDepartments.map(({ id, name }) => [id, name]));
    return this.pages.render(
      response,
      'imports/import.njk',
      {
        form,
        errors: form.errors,
        departments: departments.map((department) => ({ value: department.id, text: department.name })),
        grantTypes: grantTypes.map(({ code, label }) => ({ value: code, text: label })),
        mayLoadHistory: actor.roles.includes(Role.Administrator),
        dryRun: dryRun && { ...dryRun, rows: dryRunRows(dryRun, departmentNames) },
        imported,
        checkedFile,
      },
      status,
    );
  }
}
