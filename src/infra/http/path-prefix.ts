/** Whether a request's path is `prefix` or lies under it, segment by segment: /public/…, but not /publications. */
export const isUnder = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);
