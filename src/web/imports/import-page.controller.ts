import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpStatus,
  Post,
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
import {
  ConfirmPastedImportRequest,
  DryRunView,
  ImportResultView,
  PastedImportRequest,
} from '../../imports/imports.dto';
import { DEFAULT_GRANT_TYPE, ImportsService, pastedSource } from '../../imports/imports.service';
import { ProjectsRepository } from '../../projects/projects.repository';
import { OrganizationsService } from '../../organizations/organizations.service';
import { FormBody, formErrors, FormState, formValues, statusOf, text, validated } from '../forms';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { dryRunErrors, dryRunRows, IMPORT_FIELD_LABELS, importRequest } from './import-form';

/** Why a confirmation wrote nothing, said above the dry run shown again. */
const REFUSED: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.CONFLICT]:
    '確認した後に、貼り付けた内容、事業の選択、公表日、交付金の種類のどれかが変わりました。何も取り込んでいません。下の確認結果を見直してから、もう一度「取り込む」を選んでください。',
  [HttpStatus.UNPROCESSABLE_ENTITY]: '取り込めない報告があるため、何も取り込んでいません。下のエラーを直してください。',
};

interface PageState {
  form?: FormState;
  dryRun?: DryRunView;
  imported?: ImportResultView;
}

/**
 * 報告の取込み: paste the published sheet, check it (the dry run, which writes nothing), answer what it asks — for a
 * report whose name is close to a stored project's, link it or register a new project — and import it all or nothing.
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

  /** The dry run, again with every change of the text or the choices. */
  @Post('dry-run')
  async check(@CurrentActor() actor: OrganizationActor, @Body() body: FormBody, @Res() response: Response) {
    const form = new FormState(formValues(body));
    try {
      const dryRun = await this.dryRun(actor, body);
      return this.render(response, actor, { form: new FormState(form.values, dryRunErrors(dryRun)), dryRun });
    } catch (error) {
      const errors = formErrors(error, IMPORT_FIELD_LABELS);
      if (!errors) throw error;
      return this.render(response, actor, { form: new FormState(form.values, errors) }, statusOf(error));
    }
  }

  @Post()
  async confirm(@CurrentActor() actor: OrganizationActor, @Body() body: FormBody, @Res() response: Response) {
    try {
      const {
        text: pasted,
        sourceName,
        checksum,
        ...settings
      } = await validated(ConfirmPastedImportRequest, {
        ...importRequest(body),
        checksum: text(body, '/checksum'),
      });
      const imported = await this.imports.confirm(
        actor,
        pastedSource({ text: pasted, sourceName }),
        settings,
        checksum,
      );
      return this.render(response, actor, { form: await this.startingForm(actor), imported });
    } catch (error) {
      if (!(error instanceof ConflictException || error instanceof UnprocessableEntityException)) {
        const errors = formErrors(error, IMPORT_FIELD_LABELS);
        if (!errors) throw error;
        return this.render(response, actor, { form: new FormState(formValues(body), errors) }, statusOf(error));
      }
      // Shown again as it stands now, under what kept it from being imported.
      const dryRun = await this.dryRun(actor, body);
      const errors = [{ text: REFUSED[error.getStatus() as HttpStatus]!, href: '#dry-run' }, ...dryRunErrors(dryRun)];
      return this.render(response, actor, { form: new FormState(formValues(body), errors), dryRun }, statusOf(error));
    }
  }

  private async dryRun(actor: OrganizationActor, body: FormBody): Promise<DryRunView> {
    const { text: pasted, sourceName, ...settings } = await validated(PastedImportRequest, importRequest(body));
    return this.imports.dryRun(actor, pastedSource({ text: pasted, sourceName }), settings);
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

  /** All departments for those who see the whole organization, otherwise the person's own (as the import checks). */
  private async departmentChoices(actor: OrganizationActor) {
    const departments = await this.organizations.listDepartments(actor.organizationId);
    return departments.filter((department) => seesWholeOrganization(actor) || ownsDepartment(actor, department.id));
  }

  private async render(
    response: Response,
    actor: OrganizationActor,
    { form = new FormState(), dryRun, imported }: PageState,
    status?: HttpStatus,
  ): Promise<void> {
    const [departments, grantTypes] = await Promise.all([
      this.departmentChoices(actor),
      this.grantTypes.listGrantTypes(),
    ]);
    return this.pages.render(
      response,
      'imports/import.njk',
      {
        form,
        errors: form.errors,
        departments: departments.map((department) => ({ value: department.id, text: department.name })),
        grantTypes: grantTypes.map(({ code, label }) => ({ value: code, text: label })),
        mayLoadHistory: actor.roles.includes(Role.Administrator),
        dryRun: dryRun && { ...dryRun, rows: dryRunRows(dryRun) },
        imported,
      },
      status,
    );
  }
}
