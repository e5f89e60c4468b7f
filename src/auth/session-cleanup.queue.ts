/** BullMQ queue of the daily session cleanup. */
export const SESSION_CLEANUP_QUEUE = 'session-cleanup';
