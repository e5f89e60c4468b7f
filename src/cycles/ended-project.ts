import { type GrantProject } from '../projects/grant-project.entity';
import { type LatestDecision } from '../reports/report/reports.repository';

/** A project of the year that has no report of it, and whose latest decided ⑧ (事業の終了 or 事業の中止) ends it. */
export interface EndedProject {
  project: GrantProject;
  decision: LatestDecision;
}
