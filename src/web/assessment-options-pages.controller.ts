import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseEnumPipe,
  Post,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { AssessmentOptionsRequest, type AssessmentScaleView } from '../reports/assessment-options.dto';
import { AssessmentOptionsService } from '../reports/assessment-options.service';
import { AssessmentScale, SCALE_TITLES } from '../reports/report/assessment-choices';
import {
  checked,
  fieldId,
  FormBody,
  formErrors,
  FormState,
  formValues,
  optional,
  type PageError,
  rowIndices,
  statusOf,
  text,
  validated,
} from './forms';
import { ASSESSMENT_OPTIONS_SAVED_MEANWHILE } from './messages/error-messages';
import { organizationPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

const scaleParam = new ParseEnumPipe(AssessmentScale, { errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** The form's fields of one list: /effect_level/options/0/label … (one form per list on the page). */
const optionsPointer = (scale: AssessmentScale) => `/${scale}/options`;

/** The fields of an option's row that an administrator types or ticks. */
const ROW_FIELDS = ['label', 'formText', 'position', 'retired'];

/** A list as its form shows it before anything is entered: one row per option, numbered in order. */
function formOf(view: AssessmentScaleView): FormState {
  const pointer = optionsPointer(view.scale);
  const values: Record<string, string> = { '/checksum': view.checksum };
  view.options.forEach((option, index) => {
    const row = `${pointer}/${index}`;
    values[`${row}/label`] = option.label;
    values[`${row}/formText`] = option.formText === option.label ? '' : option.formText;
    values[`${row}/position`] = String(index + 1);
    if (option.retired) values[`${row}/retired`] = 'on';
  });
  return new FormState(values);
}

/**
 * The request a list's form makes: its rows in the order entered (順番; rows without one go last, a row moved to a
 * taken place goes before the row there), a blank new row left out. `rows` says which form row each option of the request came from, to place the errors.
 */
export function optionsRequestOf(body: FormBody, scale: AssessmentScale) {
  const pointer = optionsPointer(scale);
  const at = (row: number, field: string) => `${pointer}/${row}/${field}`;
  const order = (row: number) => {
    const position = Number(text(body, at(row, 'position')).normalize('NFKC').trim() || NaN);
    return Number.isFinite(position) ? position : Infinity;
  };
  const rows = rowIndices(body, pointer)
    .filter((row) => optional(body, at(row, 'key')) !== null || optional(body, at(row, 'label')) !== null)
    // A row given the place of another goes before it: the form numbers the rows 1, 2, 3 … as they are.
    .sort((a, b) => order(a) - order(b) || Number(order(b) !== b + 1) - Number(order(a) !== a + 1) || a - b);
  const options = rows.map((row) => {
    const key = optional(body, at(row, 'key')) ?? undefined;
    return {
      key,
      // Only the new row chooses a kind; an option of the list keeps its own, so its row carries none to alter.
      kind: key === undefined ? text(body, at(row, 'kind')) : undefined,
      label: text(body, at(row, 'label')),
      formText: optional(body, at(row, 'formText')),
      retired: checked(body, at(row, 'retired')),
    };
  });
  return { request: { options, checksum: text(body, '/checksum') }, rows };
}

/**
 * A list's form refused because another list was saved meanwhile: what was typed, on the rows of the list as it is now
 * (matched by key, as options may have been added or moved since), with the checksum of that list, so that saving
 * again knowingly replaces it; and which rows differ from what is saved now.
 */
function typedOverCurrent(body: FormBody, view: AssessmentScaleView): { state: FormState; differs: boolean[] } {
  const pointer = optionsPointer(view.scale);
  const typed = formValues(body);
  const saved = formOf(view).values;
  const rowOf = new Map(rowIndices(body, pointer).map((row) => [optional(body, `${pointer}/${row}/key`), row]));
  const values: Record<string, string | string[]> = { '/checksum': view.checksum };
  const differs = view.options.map((option, index) => {
    const row = rowOf.get(option.key);
    return ROW_FIELDS.map((field) => {
      const at = `${pointer}/${index}/${field}`;
      const value = row === undefined ? saved[at] : typed[`${pointer}/${row}/${field}`];
      if (value !== undefined) values[at] = value;
      return (value ?? '') !== (saved[at] ?? '');
    }).some(Boolean);
  });
  // The new option's row, if one was typed, stays the last.
  const added = rowOf.get(null);
  if (added !== undefined)
    for (const field of [...ROW_FIELDS, 'kind']) {
      const value = typed[`${pointer}/${added}/${field}`];
      if (value !== undefined) values[`${pointer}/${view.options.length}/${field}`] = value;
    }
  const refusal = { ...ASSESSMENT_OPTIONS_SAVED_MEANWHILE, href: `#${view.scale}` };
  return { state: new FormState(values, [refusal]), differs };
}

/** The request's fields as the page names them: 「⑧ 今後の方針 2番目の表示する文言」. */
function fieldLabelsOf(scale: AssessmentScale, count: number): Record<string, string> {
  const labels: Record<string, string> = { '/options': `${SCALE_TITLES[scale]}の選択肢` };
  for (let index = 0; index < count; index++) {
    const option = `${SCALE_TITLES[scale]} ${index + 1}番目の`;
    labels[`/options/${index}/label`] = `${option}表示する文言`;
    labels[`/options/${index}/kind`] = `${option}集計上の区分`;
    labels[`/options/${index}/formText`] = `${option}様式の欄に書く文言`;
  }
  return labels;
}

/** The request's error paths (/options/2/label) as the form's fields (/policy_decision/options/4/label). */
function onForm(errors: PageError[], scale: AssessmentScale, rows: number[]): PageError[] {
  return errors.map((error) => {
    if (!error.path) return error;
    const match = /^\/options(?:\/(\d+))?(.*)$/.exec(error.path);
    const path = match
      ? `${optionsPointer(scale)}${match[1] === undefined ? '' : `/${rows[Number(match[1])]}`}${match[2]}`
      : `${optionsPointer(scale)}`;
    return { ...error, path, href: `#${fieldId(path)}` };
  });
}

/** 評価区分の文言: the municipality's wording of ⑥, ⑦ and ⑧, each option counting as a national kind. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.Administrator)
@Controller('o/:organizationId/admin/assessment-options')
export class AssessmentOptionsPagesController {
  constructor(
    private readonly options: AssessmentOptionsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  page(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.render(response, actor);
  }

  @Post(':scale')
  async save(
    @CurrentActor() actor: OrganizationActor,
    @Param('scale', scaleParam) scale: AssessmentScale,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const { request, rows } = optionsRequestOf(body, scale);
    let changed: boolean;
    try {
      changed = (await this.options.replace(actor, scale, await validated(AssessmentOptionsRequest, request))).changed;
    } catch (error) {
      if (error instanceof ConflictException) {
        const { state, differs } = typedOverCurrent(body, await this.options.get(actor.organizationId, scale));
        return this.render(response, actor, { scale, state, differs }, HttpStatus.CONFLICT);
      }
      const errors = formErrors(error, fieldLabelsOf(scale, rows.length));
      if (!errors) throw error;
      return this.render(
        response,
        actor,
        { scale, state: new FormState(formValues(body), onForm(errors, scale, rows)) },
        statusOf(error),
      );
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, `admin/assessment-options#${scale}`),
      changed ? 'assessment-options-saved' : 'assessment-options-unchanged',
    );
  }

  private async render(
    response: Response,
    actor: OrganizationActor,
    failed?: { scale: AssessmentScale; state: FormState; differs?: boolean[] },
    status: HttpStatus = HttpStatus.OK,
  ): Promise<void> {
    const scales = await this.options.all(actor.organizationId);
    return this.pages.render(
      response,
      'admin/assessment-options.njk',
      {
        scales: scales.map((view) => ({
          ...view,
          pointer: optionsPointer(view.scale),
          form: failed?.scale === view.scale ? failed.state : formOf(view),
          differs: failed?.scale === view.scale ? (failed.differs ?? []) : [],
          kindChoices: view.kinds.map(({ kind, label }) => ({ value: kind, text: label })),
        })),
        errors: failed?.state.errors ?? [],
      },
      status,
    );
  }
}
