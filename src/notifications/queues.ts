/** BullMQ queues of the notifications module. */
export const NOTIFICATION_EVENTS_QUEUE = 'notification-events';
export const EMAIL_DELIVERIES_QUEUE = 'email-deliveries';
export const REVIEW_DEADLINES_QUEUE = 'review-deadlines';
export const NOTIFICATION_DIGESTS_QUEUE = 'notification-digests';

export const NOTIFICATION_QUEUES = [
  NOTIFICATION_EVENTS_QUEUE,
  EMAIL_DELIVERIES_QUEUE,
  REVIEW_DEADLINES_QUEUE,
  NOTIFICATION_DIGESTS_QUEUE,
];
