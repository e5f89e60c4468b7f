import { type ReportView } from './report-view';

/**
 * The project's report of the fiscal year before a report's, as the public record holds it: its current (latest)
 * published edition, never a draft or a correction under way.
 */
export interface PreviousYearReport {
  reportId: string;
  fiscalYear: number;
  /** The current edition's content. */
  view: ReportView;
  /** Whether the reader may also open the report itself (its page inside); otherwise only its public page. */
  readable: boolean;
}
