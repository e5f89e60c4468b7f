import { Controller, Get, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from '../audit/audit-actions';
import { type CheckpointProblemCode } from '../audit/audit-checkpoint';
import { AuditCheckpoints, NEWEST_CHECKPOINTS } from '../audit/audit-checkpoints';
import { type AuditEntry } from '../audit/audit-entry.entity';
import { AuditQuery } from '../audit/audit.controller';
import { auditActorOf } from '../audit/audit-log';
import { AuditTrail } from '../audit/audit-trail';
import { addDays, dateTimeInJapan, instantInJapan } from '../common/dates';
import { parseDateInput } from '../common/era-input';
import { textOf } from '../common/text';
import { actorNames, actorNamesWhenWritten, AuditLogPeople, formerMemberName } from '../users/audit-log-people';
import { UsersService } from '../users/users.service';
import { ProjectsService } from '../projects/projects.service';
import { ReportsService } from '../reports/reports.service';
import { formatFiscalYear } from '../common/japanese-era';
import { AUDIT_PAGE_SIZE, auditEntryRow, auditExportHref, projectIdsIn, reportIdsIn, userIdsIn } from './audit-entries';
import { formErrors, FormState, type PageError, underPointer, validated } from './forms';
import { choicesOf, LIST_FORM, pagedList, queryStatus, queryString, readListQuery } from './list-query';
import { AUDIT_SUBJECT_LABELS, deletedSubject } from './messages/field-labels';
import { organizationPath, reportPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/** Why a checkpoint file cannot be trusted, as the page says it. */
const CHECKPOINT_PROBLEMS: Record<CheckpointProblemCode, string> = {
  unreadable: 'チェックポイントとして読めません(壊れているか書き換えられています)',
  unsigned: '署名がありません',
  'unknown-key': 'このシステムの鍵で署名されていません(偽造の疑い)',
  'bad-signature': '署名が内容と一致しません(署名後に書き換えられています)',
  misplaced: '別の団体のもの、またはファイル名が内容と一致しません',
};

/** The filters of the log that are typed rather than chosen, read by the API's own rules (AuditQuery). */
const TYPED_FILTERS = { from: '開始日', to: '終了日', reportId: '対象の報告' } as const;
type TypedFilter = keyof typeof TYPED_FILTERS;

const DATE_ALONE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 監査ログ: the organization's audit entries, newest first, filtered in the URL like the other lists and downloadable
 * as the API's CSV with the same filters; for whoever the API shows them to. The administrator's sub-tab holds the
 * checkpoints: signed records of the chain's last entry, kept outside the database, to print or mail to the auditor,
 * who can later check that no entry was removed.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('o/:organizationId/admin/audit')
export class AuditPageController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly checkpoints: AuditCheckpoints,
    private readonly users: UsersService,
    private readonly people: AuditLogPeople,
    private readonly projects: ProjectsService,
    private readonly reports: ReportsService,
    private readonly pages: PageRenderer,
  ) {}

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get()
  async log(
    @CurrentActor() actor: OrganizationActor,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    // People who have left the organization stay in its log, and can be looked for there.
    const people = await this.people.of(actor.organizationId);
    const { members, formerMembers, departments } = people;
    const parameters = {
      action: { label: '操作', choices: choicesOf(AUDIT_ACTIONS, AUDIT_ACTION_LABELS) },
      actorUserId: {
        label: '操作した人',
        choices: [
          ...members.map((member) => ({ value: member.id, text: member.displayName })),
          ...[...formerMembers].map(([id, name]) => ({ value: id, text: formerMemberName(name) })),
        ],
      },
    };
    const list = readListQuery(query, parameters, { search: false });
    const typed = await readTypedFilters(query);
    const { action, actorUserId } = list.chosen;
    const { from, reportId } = typed.filters;
    // The page's end date is the last day shown, as people read a period; the API's `to` is the moment after it.
    const to =
      typed.filters.to && DATE_ALONE.test(typed.texts.to)
        ? instantInJapan(addDays(typed.texts.to, 1))!
        : typed.filters.to;
    const filters = { action, actorUserId, reportId, from, to };
    const shown: Record<string, string | undefined> = {
      action,
      actorUserId,
      reportId,
      from: from && typed.texts.from,
      to: typed.filters.to && typed.texts.to,
    };
    const { items: entries, paging } = await pagedList(
      textOf(query.page),
      AUDIT_PAGE_SIZE,
      (page) => this.trail.query(actor.organizationId, filters, page),
      shown,
    );
    const errors = [...list.errors, ...typed.errors];
    // Members and former members came with the filter: only anyone else the entries name is looked up.
    const known = actorNames({ members, formerMembers });
    const [others, reportTitles, projectTitles] = await Promise.all([
      this.users.namesOf(userIdsIn(entries).filter((id) => !known.has(id))),
      this.reports.titlesOf(actor.organizationId, [...subjectIds(entries, 'report'), ...reportIdsIn(entries)]),
      this.projects.titlesOf(actor.organizationId, [...subjectIds(entries, 'project'), ...projectIdsIn(entries)]),
    ]);
    // Anyone else named is no member either: someone reminded, say, who has left since.
    const names = new Map([...known, ...[...others].map(([id, name]) => [id, formerMemberName(name)] as const)]);
    const actorWhenWritten = actorNamesWhenWritten(people);
    const titles = {
      user: names,
      project: projectTitles,
      report: new Map(
        [...reportTitles].map(([id, report]) => [id, `${formatFiscalYear(report.fiscalYear)} ${report.projectTitle}`]),
      ),
    };
    return this.pages.render(
      response,
      'admin/audit.njk',
      {
        entries: entries.map((entry) => ({
          ...auditEntryRow(entry, names, {
            departments,
            reports: titles.report,
            projects: titles.project,
            actorWhenWritten,
          }),
          subject: subjectOf(actor.organizationId, entry, titles),
        })),
        list: {
          ...list,
          form: new FormState({ ...list.form.values, ...typed.values }, errors),
          errors,
          filtered: list.filtered || Object.values(typed.filters).some(Boolean),
        },
        parameters,
        labels: TYPED_FILTERS,
        reportId,
        hidden: reportId ? { reportId } : {},
        errors,
        exportHref: auditExportHref(actor.organizationId, {
          ...filters,
          from: from && dateTimeInJapan(from),
          to: to && dateTimeInJapan(to),
        }),
        auditPage: paging,
      },
      queryStatus(errors),
    );
  }

  @Allow(Role.Administrator)
  @Get('checkpoints')
  async checkpointsPage(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    const stored = await this.checkpoints.newest(actor.organizationId, NEWEST_CHECKPOINTS);
    return this.pages.render(response, 'admin/audit-checkpoints.njk', {
      publicKey: this.checkpoints.publicKey(),
      checkpoints: stored.map(({ file, checkpoint, problem }) => ({
        file,
        checkpoint,
        problem: problem ? CHECKPOINT_PROBLEMS[problem.code] : null,
      })),
    });
  }

  @Allow(Role.Administrator)
  @Post('checkpoints')
  async create(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    await this.checkpoints.createFor(actor.organizationId, auditActorOf(actor));
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, 'admin/audit/checkpoints'),
      'checkpoint-created',
    );
  }
}

/**
 * The period and the report, each read as the API reads it; one that the API would refuse is set aside with a message
 * beside its field, and the log shows as if it had not been given (as readListQuery does with a choice). So is an end
 * before the start, which would show nothing: the message is beside 終了日.
 */
async function readTypedFilters(query: Record<string, unknown>) {
  const texts = {} as Record<TypedFilter, string>;
  const values: Record<string, string> = {};
  const filters: Pick<AuditQuery, TypedFilter> = {};
  const errors: PageError[] = [];
  const labels = Object.fromEntries(Object.entries(TYPED_FILTERS).map(([name, label]) => [`/${name}`, label]));
  /** The fields as the API reads them, or null with their refusal among the errors. */
  const read = async (fields: Partial<Record<TypedFilter, string>>) => {
    try {
      return await validated(AuditQuery, fields);
    } catch (error) {
      const refused = formErrors(error, labels);
      if (!refused) throw error;
      errors.push(...underPointer(refused, LIST_FORM));
      return null;
    }
  };
  for (const name of Object.keys(TYPED_FILTERS) as TypedFilter[]) {
    const text = textOf(query[name]).trim();
    // A date typed in 和暦 (R8.4.1) reads as the date fields send it; the API's rules do the rest.
    texts[name] = name === 'reportId' ? text : (parseDateInput(text) ?? text);
    values[`${LIST_FORM}/${name}`] = text;
    if (!texts[name]) continue;
    const fields = await read({ [name]: texts[name] });
    if (fields) Object.assign(filters, { [name]: fields[name] });
  }
  // The end date as typed is the start of that day, so an end on the start date itself passes, as the period means.
  if (filters.from && filters.to && !(await read({ from: texts.from, to: texts.to }))) delete filters.to;
  return { texts, values, filters, errors };
}

/** The ids of what the entries were done to, of one kind. */
function subjectIds(entries: AuditEntry[], entityType: string): string[] {
  return entries.flatMap((entry) => (entry.entityType === entityType && entry.entityId ? [entry.entityId] : []));
}

/** Names of what entries were done to, by kind and id: a user, a project or a report (see subjectOf). */
type SubjectTitles = Record<'user' | 'project' | 'report', Map<string, string>>;

/**
 * What an entry was done to: the kind and, for a person, project or report, which one, linked when it has a page of
 * its own. A report or project deleted since is named as deleted, without a link that would lead nowhere.
 */
function subjectOf(organizationId: string, entry: AuditEntry, titles: SubjectTitles) {
  const { entityType, entityId } = entry;
  if (!entityType || !entityId) return null;
  const kind = AUDIT_SUBJECT_LABELS[entityType] ?? entityType;
  if (entityType === 'user') return { text: titles.user.get(entityId) ?? kind };
  if (entityType !== 'report' && entityType !== 'project') return { text: kind };
  const title = titles[entityType].get(entityId);
  if (!title) return { text: deletedSubject(kind) };
  if (entityType === 'project')
    return { text: `${kind}「${title}」`, href: organizationPath(organizationId, `projects/${entityId}/ledger`) };
  return {
    text: `${kind}「${title}」`,
    href: reportPath(organizationId, entityId),
    filterHref: queryString({ reportId: entityId }),
  };
}
