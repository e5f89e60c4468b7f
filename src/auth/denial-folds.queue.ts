import { type AuditActor } from '../audit/audit-log';

/** BullMQ queue of the windows of repeated denials, each written when it closes. */
export const DENIAL_FOLDS_QUEUE = 'denial-folds';

/** A window that folded repeats of one refusal: what its closing entry says, and where their count is kept. */
export interface DenialFoldJob {
  /** The Redis key of the person's (or client address's) refusals of one method and path. */
  key: string;
  /** The chain of the folded denials. */
  organizationId: string | null;
  actor: AuditActor;
  /** As the denial's entry says it (method, path, status, reason, …), without the count. */
  details: Record<string, unknown>;
}
