import { ConflictException } from '@nestjs/common';
import { ownsDepartment, seesWholeOrganization } from '../access/actor-scope';
import { type OrganizationActor } from '../access/actor';
import { foldForMatching } from '../common/text';
import { type GrantProject } from './grant-project.entity';
import { planPeriodLabel, projectTitle } from './project-title';

/** What makes a project look like another: an edit of any of these is asked about as a registration is. */
const TWIN_FIELDS = ['projectNumber', 'name', 'planStartFiscalYear', 'planEndFiscalYear'] as const;

export type ProjectIdentity = Pick<GrantProject, (typeof TWIN_FIELDS)[number]>;

/**
 * The rule of a likely twin: the same number (both blank alike) and the same name, widths and spaces folded as the
 * import matches names, and plan periods that share a year.
 */
export function isLikelyTwin(registration: ProjectIdentity, stored: ProjectIdentity): boolean {
  return (
    foldForMatching(registration.projectNumber ?? '') === foldForMatching(stored.projectNumber ?? '') &&
    foldForMatching(registration.name) === foldForMatching(stored.name) &&
    registration.planStartFiscalYear <= stored.planEndFiscalYear &&
    stored.planStartFiscalYear <= registration.planEndFiscalYear
  );
}

/** Whether an edit changed what a likely twin is told by. */
export function identityChanged(before: ProjectIdentity, after: ProjectIdentity): boolean {
  return TWIN_FIELDS.some((field) => before[field] !== after[field]);
}

/**
 * The projects of `stored` that `candidate` is a likely twin of. For an edit (`edited`, the project as it was), not
 * the project itself, nor one it was a twin of already (confirmed then, or registered before the rule): the edit did
 * not make it one.
 */
export function newTwins(
  candidate: ProjectIdentity,
  stored: GrantProject[],
  edited?: ProjectIdentity & { id: string },
): GrantProject[] {
  return stored.filter(
    (project) =>
      project.id !== edited?.id && isLikelyTwin(candidate, project) && !(edited && isLikelyTwin(edited, project)),
  );
}

/**
 * A likely twin as a refusal shows it to the caller. Twins are looked for in the whole organization, so one may be of
 * a department the caller does not see: it is named by its title and department only, with nothing to open it by.
 */
export interface SimilarProject {
  projectNumber: string | null;
  name: string;
  departmentName: string | null;
  /** Only of a project the caller sees: its id, to open it by, and its plan period. */
  seen: { id: string; planPeriodLabel: string } | null;
}

/** `project` (with its department) as a refusal shows it to `actor`. */
export function similarProjectFor(actor: OrganizationActor, project: GrantProject): SimilarProject {
  const seen = seesWholeOrganization(actor) || ownsDepartment(actor, project.departmentId);
  return {
    projectNumber: project.projectNumber,
    name: project.name,
    departmentName: project.department?.name ?? null,
    seen: seen ? { id: project.id, planPeriodLabel: planPeriodLabel(project) } : null,
  };
}

/** A project as the refusal names it: its title and department, and of one the caller sees its plan period and id. */
function described(project: SimilarProject): string {
  const department = project.departmentName ?? '—';
  return project.seen
    ? `「${projectTitle(project)}」 (${department}, ${project.seen.planPeriodLabel}, id ${project.seen.id})`
    : `「${projectTitle(project)}」 (${department}, a department whose projects you do not see)`;
}

/**
 * A registration, or an edit of a project's No, name or plan period, refused until confirmed: its twins would each get
 * a report every year, listed alike. Carries them so that the page can show them beside the form.
 */
export class SimilarProjectRegistered extends ConflictException {
  constructor(readonly twins: SimilarProject[]) {
    super({
      message:
        `${twins.map(described).join(', ')} is registered already with this number and name and an overlapping ` +
        'plan period. If it is the same project, open it (or ask its department) instead of registering it again; ' +
        'if this is another project, send the request again with confirmSimilarProject: true.',
      details: twins.map((twin) => ({
        path: '/confirmSimilarProject',
        message: `is registered already with this number and name and an overlapping plan period: ${described(twin)}`,
      })),
    });
  }
}
