import { ownsDepartment, seesWholeOrganization } from '../access/actor-scope';
import { type OrganizationActor } from '../access/actor';
import { Role, ROLE_LABELS } from '../access/role';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../reports/rules/report-status';
import { diffDocuments, type FieldChange } from '../common/document-diff';
import { japaneseDate } from '../common/dates';
import { fiscalYearLabel } from '../common/era-input';
import { GrantProject } from '../projects/grant-project.entity';
import { projectDisplayValue, projectFieldLabel } from '../projects/project-field-labels';
import { kpiLabel } from '../projects/kpi-label';
import { projectChangeDocument, projectDocument } from '../projects/projects.dto';
import { foldForMatching } from '../common/text';
import {
  type ImportIssue,
  ImportMode,
  type ParsedKpi,
  type ParsedReport,
  type ParseResult,
  type DepartmentChoice,
  type ProjectChoice,
  ProjectChoiceKind,
} from './import-model';
import { atPlannedKpis, IssueList, underReport } from './issues';
import { closestStoredProject, type ProjectCandidate, storedNames } from './project-candidates';

/** A stored report as an import compares with it: its status and ①事業名 as that year's report wrote it. */
export interface StoredYearReport {
  status: ReportStatus;
  name: string;
}

/** What is stored already, as far as an import depends on it. */
export interface StoredState {
  /** The organization's projects (with their KPIs), keyed by projectKey(name). */
  projects: Map<string, GrantProject>;
  /** Every stored report by `${projectId}:${fiscalYear}`. */
  reportYears: Map<string, StoredYearReport>;
  currentFiscalYear: number;
}

export interface ImportTarget {
  actor: OrganizationActor;
  mode: ImportMode;
  /** Published imports: the 公表日 (YYYY-MM-DD) every report will carry. */
  publishedOn?: string | null;
  /** The department of new projects unless chosen for their report or named by the sheet's 担当課. */
  departmentId: string;
  /** The department chosen for a report's new project (a stored project keeps its own). */
  departmentChoices?: DepartmentChoice[];
  /** The departments the importer may choose, which a sheet's 担当課 is matched with by name. */
  departments?: { id: string; name: string }[];
  /** Retired departments (廃止), by name, with the current one that carries on their work, if any. */
  retiredDepartments?: { name: string; successor: { id: string; name: string } | null }[];
  /** The user's choices for reports whose name is close to a stored project's. */
  projectChoices?: ProjectChoice[];
}

/** The project a report will belong to: a new one, or a stored one with the file's values merged in. */
export interface PlannedProject {
  key: string;
  existing: GrantProject | null;
  departmentId: string;
  /** The department was chosen for one of its reports: another report of it cannot choose another. */
  departmentChosen: boolean;
  projectNumber: string | null;
  name: string;
  grantTypeCode: string;
  planStartFiscalYear: number;
  planEndFiscalYear: number;
  overview: string;
  jointApplicationNote: string | null;
  kpis: ParsedKpi[];
  /** Where this year's plan differs from the stored project (kept in the report's copy; the project stays). */
  changes: FieldChange[];
}

export interface PlannedReport {
  index: number;
  parsed: ParsedReport;
  project: PlannedProject | null;
  /** The project as the file gives it for this report's year (earlier years of the file merged in): its plan copy. */
  yearPlan: PlannedProject | null;
  /** A stored project whose name is close to the file's, proposed as the same project. */
  candidate: ProjectCandidate | null;
  /** The candidate's stored report of this report's year, if it has one. */
  candidateYearReport: StoredYearReport | null;
  /** What the user chose for the candidate (null: not chosen yet). */
  choice: ProjectChoiceKind | null;
  issues: ImportIssue[];
}

export interface ImportPlan {
  layout: ParseResult['layout'];
  reports: PlannedReport[];
  projects: PlannedProject[];
  /** Issues about the file as a whole. */
  issues: ImportIssue[];
  errorCount: number;
  warningCount: number;
}

/** Names match across years and files regardless of spacing and full/half width. */
export function projectKey(name: string): string {
  return foldForMatching(name);
}

/**
 * Checks the parsed file against what is stored and decides what a confirmed import would write.
 * Pure: the same file and the same stored state always give the same plan (the dry run and the confirmation agree).
 */
export function planImport(parsed: ParseResult, stored: StoredState, target: ImportTarget): ImportPlan {
  const projects = new Map<string, PlannedProject>();
  const seenYears = new Set<string>();
  const ownerOnly = !seesWholeOrganization(target.actor);
  // Earlier years first, so the latest year's project values (KPIs, overview) win.
  const order = parsed.reports
    .map((report, index) => ({ report, index }))
    .sort((a, b) => (a.report.fiscalYear ?? 0) - (b.report.fiscalYear ?? 0));
  const fileIssues = new IssueList();
  const choices = choicesByReport(target.projectChoices ?? [], parsed.reports.length, fileIssues);
  const departmentChoices = departmentsByReport(target.departmentChoices ?? [], parsed.reports.length, fileIssues);
  const departmentsByName = new Map((target.departments ?? []).map(({ id, name }) => [projectKey(name), id]));
  const retiredByName = new Map(
    (target.retiredDepartments ?? []).map(({ name, successor }) => [projectKey(name), successor]),
  );
  const planned: PlannedReport[] = [];
  const candidates = storedNames(stored.projects.values());
  const storedReportProjects = projectsByReportName(stored);
  // Which project holds each number (事業番号): a new project given one already in use is said, as two No.5 confuse.
  const numbered = new Map<string, { name: string; stored: boolean }>(
    [...stored.projects.values()].flatMap((project) =>
      project.projectNumber ? [[project.projectNumber, { name: project.name, stored: true }] as const] : [],
    ),
  );
  for (const { report, index } of order) {
    const issues = new IssueList();
    const nameKey = projectKey(report.project.name);
    const fiscalYear = report.fiscalYear;
    const chosen = choices.get(index) ?? null;
    let project: PlannedProject | null = null;
    let yearPlan: PlannedProject | null = null;
    let candidate: ProjectCandidate | null = null;
    let candidateYearReport: StoredYearReport | null = null;
    if (nameKey !== '' && fiscalYear !== null) {
      // A report stored under this name is this very report, though its project has been renamed since.
      let existing = stored.projects.get(nameKey) ?? storedReportProjects.get(`${nameKey}:${fiscalYear}`) ?? null;
      if (!existing) {
        candidate = closestStoredProject(report.project, candidates);
        candidateYearReport = candidate
          ? (stored.reportYears.get(`${candidate.project.id}:${fiscalYear}`) ?? null)
          : null;
        if (candidate && candidateYearReport && projectKey(candidateYearReport.name) === nameKey) {
          // This very report, stored before under the name it was written with: nothing to ask, it exists.
          existing = candidate.project;
          candidate = null;
          candidateYearReport = null;
        } else if (candidate) {
          existing = chosenProject(candidate, chosen, yearReportNote(candidateYearReport, fiscalYear), issues);
          if (chosen?.choice === ProjectChoiceKind.New && candidateYearReport)
            issues.warning(
              'similar_project_has_year',
              '/project/name',
              `新しい事業として登録します。名称が近い登録済みの事業「${candidate.project.name}」${numberOf(candidate.project)}には${yearReportNote(candidateYearReport, fiscalYear)}。同じ事業なら、同じ年度の報告が2つになります。別の事業であることを確かめてください。`,
            );
        }
      }
      const key = existing ? projectKey(existing.name) : nameKey;
      const previous = projects.get(key);
      const base = previous ?? (existing ? storedAsPlanned(key, existing) : null);
      const chosenDepartment = departmentChoices.get(index);
      const named = report.project.departmentName;
      const namedDepartment = named ? departmentsByName.get(projectKey(named)) : undefined;
      const namedRetired = named && !namedDepartment ? retiredByName.get(projectKey(named)) : undefined;
      // The successor only where the importer may choose it; an owner's import cannot reach another department.
      const successorDepartment =
        namedRetired && departmentsByName.get(projectKey(namedRetired.name)) === namedRetired.id
          ? namedRetired.id
          : undefined;
      if (!existing && chosenDepartment && base?.departmentChosen && base.departmentId !== chosenDepartment)
        issues.error(
          'department_conflict',
          '/project/departmentId',
          `同じ事業「${base.name}」の別の年度の報告に、別の事業担当課が選ばれています。1つの事業の担当課は1つです。同じ担当課を選んでください。`,
        );
      else if (!existing && !base && named && !chosenDepartment && namedRetired !== undefined)
        issues.warning(
          'retired_department',
          '/project/departmentId',
          namedRetired
            ? `担当課「${named}」は廃止され、「${namedRetired.name}」が事務を引き継いでいます。${successorDepartment ? `「${namedRetired.name}」` : '取込みで選んだ事業担当課'}の事業として登録します。違う場合は担当課を選んでください。`
            : `担当課「${named}」は廃止されたため、取込みで選んだ事業担当課の事業として登録します。違う場合は担当課を選んでください。`,
        );
      else if (!existing && !base && named && !chosenDepartment && !namedDepartment)
        issues.warning(
          'unknown_department',
          '/project/departmentId',
          `担当課「${named}」という部署が見つからないため、取込みで選んだ事業担当課の事業として登録します。違う場合は担当課を選んでください。`,
        );
      project = mergeProject(base, key, report, fiscalYear, {
        departmentId:
          chosenDepartment ??
          (base && !base.existing ? base.departmentId : null) ??
          namedDepartment ??
          successorDepartment ??
          target.departmentId,
        chosen: chosenDepartment !== undefined,
      });
      projects.set(key, project);
      const newNumber = !existing && !previous ? project.projectNumber : null;
      const holder = newNumber ? numbered.get(newNumber) : undefined;
      if (holder)
        issues.warning(
          'project_number_taken',
          '/project/projectNumber',
          `新しく登録する事業の番号「No.${newNumber}」は、${holder.stored ? '登録済みの' : 'このファイルの'}事業「${holder.name}」も使っています。同じ番号の事業が2つになります。番号を確かめてください。`,
        );
      else if (newNumber) numbered.set(newNumber, { name: project.name, stored: false });
      // Linked to a project of another spelling: the report keeps the name as that year's report wrote it.
      yearPlan = candidate && existing ? { ...project, name: report.project.name } : project;

      const yearKey = `${key}:${fiscalYear}`;
      if (seenYears.has(yearKey))
        issues.error(
          'duplicate_in_file',
          '/fiscalYear',
          `このファイルには、この事業の${fiscalYearLabel(fiscalYear)}の報告が2つあります。どちらか1つだけにしてください。`,
        );
      seenYears.add(yearKey);
      const storedReport = existing ? stored.reportYears.get(`${existing.id}:${fiscalYear}`) : undefined;
      if (existing && storedReport) {
        const writtenAs =
          projectKey(storedReport.name) === projectKey(existing.name) ? '' : `(事業名「${storedReport.name}」)`;
        issues.error(
          'report_exists',
          '/fiscalYear',
          `${fiscalYearLabel(fiscalYear)}の「${existing.name}」の報告${writtenAs}はすでに登録されています(${REPORT_STATUS_LABELS[storedReport.status]})。取込みでは上書きしません。変更は報告の画面で行ってください。`,
        );
      }
      if (existing && existing.departmentId !== (chosenDepartment ?? target.departmentId)) {
        if (ownerOnly && !ownsDepartment(target.actor, existing.departmentId)) {
          issues.error(
            'project_in_other_department',
            '/project/departmentId',
            `「${existing.name}」は別の部署の事業です。取り込めるのは自分の部署の事業だけです。この事業の報告は、担当の部署で取り込んでください。`,
          );
        } else {
          issues.warning(
            'project_in_other_department',
            '/project/departmentId',
            `「${existing.name}」はすでに別の部署の事業として登録されています。報告はその事業に加わり、事業の担当の部署は変わりません。`,
          );
        }
      }
    }
    if (!candidate && chosen?.choice === ProjectChoiceKind.Link) {
      issues.error(
        'invalid_project_choice',
        '/project/name',
        'この報告には紐づけ先として提案した登録済みの事業がありません。もう一度内容を確認してから選んでください。',
      );
    }
    if (target.mode === ImportMode.Published && fiscalYear !== null && fiscalYear >= stored.currentFiscalYear) {
      issues.error(
        'not_a_past_year',
        '/fiscalYear',
        `公表済みの報告として取り込めるのは、終わった年度の報告だけです。${fiscalYearLabel(fiscalYear)}はまだ終わっていません。作成中の報告として取り込んでください。`,
      );
    }
    // A year's report states its actuals at the year's end: it cannot have been published before the year ended.
    if (target.publishedOn && fiscalYear !== null && target.publishedOn < `${fiscalYear + 1}-04-01`) {
      issues.error(
        'published_before_year_end',
        '/publishedOn',
        `公表日 ${japaneseDate(target.publishedOn)}は、${fiscalYearLabel(fiscalYear)}が終わる前の日付です。この報告が公表された日を入力してください。`,
      );
    }
    if (target.mode === ImportMode.Published && report.markedDraft) {
      issues.warning(
        'marked_draft',
        '/status',
        'ファイルではこの報告に(案)と付いていますが、公表済みの報告として取り込みます。公表された内容か確かめてください。',
      );
    }
    if (
      target.mode === ImportMode.Draft &&
      (report.panelRating || report.panelOpinion || report.policyDecision || report.policyReason)
    ) {
      issues.warning(
        'not_imported',
        '/panelRating',
        `⑦外部有識者からの評価と⑧今後の方針は、作成中の報告には取り込みません。評価の手続きの中で${ROLE_LABELS[Role.PlanningDivision]}が入力します。`,
      );
    }
    planned.push({
      index,
      parsed: report,
      project,
      yearPlan,
      candidate,
      candidateYearReport,
      choice: candidate ? (chosen?.choice ?? null) : null,
      issues: [
        ...underReport(index, atPlannedKpis(report.issues, report.project.kpis, (yearPlan ?? report.project).kpis)),
        ...underReport(index, issues.items),
      ],
    });
  }
  // An import never changes a stored project: where a year's plan differs, the difference is kept in that report's copy.
  for (const report of planned) {
    report.project = report.project ? projects.get(report.project.key)! : null;
    const existing = report.yearPlan?.existing;
    if (!existing || !report.yearPlan || report.parsed.fiscalYear === null) continue;
    report.yearPlan.changes = diffDocuments(
      projectChangeDocument(existing),
      projectChangeDocument(asGrantProject(report.yearPlan)),
    );
    if (report.yearPlan.changes.length > 0) {
      report.issues.push({
        severity: 'warning',
        code: 'kept_in_year_plan',
        path: `/reports/${report.index}/project`,
        message: `${fiscalYearLabel(report.parsed.fiscalYear)}の報告は当時の計画で記録されます。登録済みの事業「${existing.name}」は変わりません。当時の計画と現在の事業の違い:`,
        details: planDifferences(report.yearPlan.changes),
      });
    }
  }
  planned.sort((a, b) => a.index - b.index);
  const fileLevel = [...parsed.issues, ...fileIssues.items];
  const all = [...fileLevel, ...planned.flatMap((report) => report.issues)];
  return {
    layout: parsed.layout,
    reports: planned,
    projects: [...projects.values()],
    issues: fileLevel,
    errorCount: all.filter((issue) => issue.severity === 'error').length,
    warningCount: all.filter((issue) => issue.severity === 'warning').length,
  };
}

/**
 * The differences of a year's plan from the stored project, one line each as the form names the fields: a KPI that
 * only one of them has is one line with its name, not one per field.
 */
function planDifferences(changes: FieldChange[]): string[] {
  const kpiIndex = (path: string) => /^\/kpis\/(\d+)\//.exec(path)?.[1];
  const listed = new Set<string>();
  return changes.flatMap((change) => {
    const index = kpiIndex(change.path);
    if (index === undefined) return [differenceLine(change)];
    const ofKpi = changes.filter((other) => kpiIndex(other.path) === index);
    const side = ofKpi.every((other) => other.before === null)
      ? 'after'
      : ofKpi.every((other) => other.after === null)
        ? 'before'
        : null;
    // The position is what 指標① names: said by the label, never as a value of its own.
    if (side === null) return change.path.endsWith('/position') ? [] : [differenceLine(change)];
    if (listed.has(index)) return [];
    listed.add(index);
    const named = ofKpi.find((other) => other.path.endsWith('/name'))?.[side];
    const name = `「${typeof named === 'string' ? named : ''}」`;
    const [then, now] = side === 'after' ? [name, '(なし)'] : ['(なし)', name];
    return [`⑤${kpiLabel(Number(index) + 1)} 当時 ${then} / 現在 ${now}`];
  });
}

/** A long text (③全体概要) is shown by its start: the list says where the plans differ, the report keeps the whole. */
const SHOWN_CHARACTERS = 40;

function differenceLine(change: FieldChange): string {
  const shown = (value: unknown) => {
    const text = projectDisplayValue(change.path, value);
    return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…(全${text.length}字)` : text;
  };
  return `${projectFieldLabel(change.path)} 当時 ${shown(change.after)} / 現在 ${shown(change.before)}`;
}

/** The project fields an import reads and writes, taken from a stored or a planned project. */
export function importedProjectFields(
  project: Pick<
    GrantProject,
    | 'projectNumber'
    | 'name'
    | 'grantTypeCode'
    | 'planStartFiscalYear'
    | 'planEndFiscalYear'
    | 'overview'
    | 'jointApplicationNote'
  >,
) {
  const { projectNumber, name, grantTypeCode, planStartFiscalYear, planEndFiscalYear, overview, jointApplicationNote } =
    project;
  return { projectNumber, name, grantTypeCode, planStartFiscalYear, planEndFiscalYear, overview, jointApplicationNote };
}

/** The choices by report; a choice for no report of the file, or a second one for a report, is an error of the file. */
function choicesByReport(choices: ProjectChoice[], reportCount: number, issues: IssueList): Map<number, ProjectChoice> {
  const byReport = new Map<number, ProjectChoice>();
  choices.forEach((choice, position) => {
    const path = `/projectChoices/${position}/reportIndex`;
    if (choice.reportIndex >= reportCount) {
      issues.error(
        'invalid_project_choice',
        path,
        `選択した報告 ${choice.reportIndex} はファイルにありません(ファイルの報告は ${reportCount} 件です)。もう一度内容を確認してから選んでください。`,
      );
    } else if (byReport.has(choice.reportIndex)) {
      issues.error(
        'invalid_project_choice',
        path,
        `報告 ${choice.reportIndex} が二度選ばれています。1つの報告には一度だけ選んでください。`,
      );
    } else {
      byReport.set(choice.reportIndex, choice);
    }
  });
  return byReport;
}

/** The department chosen by report; one for no report of the file, or a second one for a report, is an error. */
function departmentsByReport(choices: DepartmentChoice[], reportCount: number, issues: IssueList): Map<number, string> {
  const byReport = new Map<number, string>();
  choices.forEach(({ reportIndex, departmentId }, position) => {
    const path = `/projectDepartments/${position}/reportIndex`;
    if (reportIndex >= reportCount)
      issues.error(
        'invalid_department_choice',
        path,
        `事業担当課を選んだ報告 ${reportIndex} はファイルにありません(ファイルの報告は ${reportCount} 件です)。もう一度内容を確認してから選んでください。`,
      );
    else if (byReport.has(reportIndex))
      issues.error(
        'invalid_department_choice',
        path,
        `報告 ${reportIndex} の事業担当課が二度選ばれています。1つの報告には一度だけ選んでください。`,
      );
    else byReport.set(reportIndex, departmentId);
  });
  return byReport;
}

/** 「 (No.4)」 after a project's name, or nothing when it has no number. */
function numberOf(project: GrantProject): string {
  return project.projectNumber ? ` (No.${project.projectNumber})` : '';
}

/** Each stored report's project by the name that report was written with (its own ①) and its year. */
function projectsByReportName(stored: StoredState): Map<string, GrantProject> {
  const byId = new Map([...stored.projects.values()].map((project) => [project.id, project]));
  const found = new Map<string, GrantProject>();
  for (const [projectYear, { name }] of stored.reportYears) {
    const [projectId, fiscalYear] = projectYear.split(':');
    const project = byId.get(projectId);
    if (project && name !== '') found.set(`${projectKey(name)}:${fiscalYear}`, project);
  }
  return found;
}

/** What a proposed project already holds of the report's year, said beside the question; null when nothing. */
function yearReportNote(yearReport: StoredYearReport | null, fiscalYear: number): string | null {
  return yearReport
    ? `${fiscalYearLabel(fiscalYear)}の報告(${REPORT_STATUS_LABELS[yearReport.status]}、事業名「${yearReport.name}」)がすでにあります`
    : null;
}

/** The stored project a report joins by the user's choice; without a valid choice the import cannot be confirmed. */
function chosenProject(
  candidate: ProjectCandidate,
  chosen: ProjectChoice | null,
  yearNote: string | null,
  issues: IssueList,
): GrantProject | null {
  const stored = candidate.project;
  if (!chosen) {
    issues.error(
      'similar_project',
      '/project/name',
      `登録済みの事業「${stored.name}」${numberOf(stored)}と名称が近い事業です。` +
        (yearNote ? `この事業には${yearNote}。` : '') +
        '同じ事業として紐づけるか、新しい事業として登録するかを選んでください。',
    );
    return null;
  }
  if (chosen.choice === ProjectChoiceKind.New) return null;
  if (chosen.projectId !== stored.id) {
    issues.error(
      'invalid_project_choice',
      '/project/name',
      `紐づけられるのは提案した登録済みの事業「${stored.name}」だけです。もう一度内容を確認してから選んでください。`,
    );
    return null;
  }
  return stored;
}

function storedAsPlanned(key: string, project: GrantProject): PlannedProject {
  return {
    key,
    existing: project,
    departmentId: project.departmentId,
    departmentChosen: false,
    ...importedProjectFields(project),
    kpis: projectDocument(project).kpis,
    changes: [],
  };
}

/**
 * The file's values over the stored (or earlier-year) ones. What the file leaves empty never erases a stored
 * value, a stored project keeps its department and grant type, and an inferred plan period only widens a stored one.
 */
function mergeProject(
  base: PlannedProject | null,
  key: string,
  report: ParsedReport,
  fiscalYear: number,
  department: { departmentId: string; chosen: boolean },
): PlannedProject {
  const parsed = report.project;
  const inferred =
    parsed.planPeriodInferred || parsed.planStartFiscalYear === null || parsed.planEndFiscalYear === null;
  const planStart =
    base && inferred ? Math.min(base.planStartFiscalYear, fiscalYear) : (parsed.planStartFiscalYear ?? fiscalYear);
  const planEnd =
    base && inferred ? Math.max(base.planEndFiscalYear, fiscalYear) : (parsed.planEndFiscalYear ?? fiscalYear);
  const kpis = new Map((base?.kpis ?? []).map((kpi) => [kpi.position, kpi]));
  for (const kpi of parsed.kpis) {
    const before = kpis.get(kpi.position);
    const same = before && projectKey(before.name) === projectKey(kpi.name);
    kpis.set(
      kpi.position,
      same
        ? {
            ...kpi,
            baseline: kpi.baseline ?? before.baseline,
            target: kpi.target ?? before.target,
            unit: kpi.unit || before.unit,
            targetYearMonth: kpi.targetYearMonth ?? before.targetYearMonth,
          }
        : kpi,
    );
  }
  return {
    key,
    existing: base?.existing ?? null,
    departmentId: base?.existing?.departmentId ?? department.departmentId,
    departmentChosen: !base?.existing && (department.chosen || (base?.departmentChosen ?? false)),
    projectNumber: parsed.projectNumber ?? base?.projectNumber ?? null,
    name: base?.existing?.name ?? parsed.name,
    grantTypeCode: base?.existing?.grantTypeCode ?? parsed.grantTypeCode,
    planStartFiscalYear: planStart,
    planEndFiscalYear: planEnd,
    overview: parsed.overview || (base?.overview ?? ''),
    jointApplicationNote: parsed.jointApplicationNote ?? base?.jointApplicationNote ?? null,
    kpis: [...kpis.values()].sort((a, b) => a.position - b.position),
    changes: [],
  };
}

/** The planned project in the shape of the entity, for projectDocument and the revision snapshot. */
export function asGrantProject(project: PlannedProject): GrantProject {
  return Object.assign(new GrantProject(), {
    ...(project.existing ?? {}),
    departmentId: project.departmentId,
    ...importedProjectFields(project),
    partnerMunicipalities: project.existing?.partnerMunicipalities ?? [],
    policyArea: project.existing?.policyArea ?? null,
    kpis: project.kpis.map((kpi) => ({ ...kpi })),
  });
}
