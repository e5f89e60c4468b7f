/** BullMQ queue of the periodic audit checkpoints. */
export const AUDIT_CHECKPOINTS_QUEUE = 'audit-checkpoints';
