import { ConflictException } from '@nestjs/common';
import { fiscalYearLabel } from '../common/era-input';
import { foldForMatching } from '../common/text';
import { type GrantProject } from './grant-project.entity';
import { projectTitle } from './project-title';

type Registration = Pick<GrantProject, 'projectNumber' | 'name' | 'planStartFiscalYear' | 'planEndFiscalYear'>;

/**
 * The rule of a likely twin: the same number (both blank alike) and the same name, widths and spaces folded as the
 * import matches names, and plan periods that share a year.
 */
export function isLikelyTwin(registration: Registration, stored: Registration): boolean {
  return (
    foldForMatching(registration.projectNumber ?? '') === foldForMatching(stored.projectNumber ?? '') &&
    foldForMatching(registration.name) === foldForMatching(stored.name) &&
    registration.planStartFiscalYear <= stored.planEndFiscalYear &&
    stored.planStartFiscalYear <= registration.planEndFiscalYear
  );
}

/** A project as the refusal names it: its title, department and plan period, and its id to open it by. */
function described(project: GrantProject): string {
  const period = `${fiscalYearLabel(project.planStartFiscalYear)}～${fiscalYearLabel(project.planEndFiscalYear)}`;
  return `「${projectTitle(project)}」 (${project.department?.name ?? '—'}, ${period}, id ${project.id})`;
}

/**
 * A registration refused until confirmed: its twins would each get a report every year, listed alike. Carries them so
 * that the page can show them beside the form.
 */
export class SimilarProjectRegistered extends ConflictException {
  constructor(readonly twins: GrantProject[]) {
    super({
      message:
        `${twins.map(described).join(', ')} is registered already with this number and name and an overlapping ` +
        'plan period. If it is the same project, open it instead of registering it again; if this is another ' +
        'project, send the request again with confirmSimilarProject: true.',
      details: twins.map((twin) => ({
        path: '/confirmSimilarProject',
        message: `is registered already with this number and name and an overlapping plan period: ${described(twin)}`,
      })),
    });
  }
}
