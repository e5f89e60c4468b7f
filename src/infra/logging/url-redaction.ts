/**
 * Links that work as a password until used (an invitation's, a password reset's or an expert's one-click link's
 * token): a log line keeps where, not the secret.
 */
const SECRET_PATH_SEGMENTS = /(\/(?:invitations|password-reset|review-links)\/)[A-Za-z0-9_-]{43}(?=[/?#]|$)/g;

export function withoutSecrets(url: string): string {
  return url.replace(SECRET_PATH_SEGMENTS, '$1[Redacted]');
}

/** What pino serializes of a request. */
interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  headers: Record<string, unknown>;
}

/**
 * A request's log record: what identifies it, without secrets in its URL. Headers (hundreds of bytes on every line)
 * and route parameters (which may hold a link's token) are left out.
 */
export function requestLogRecord(request: SerializedRequest) {
  return {
    id: request.id,
    method: request.method,
    url: withoutSecrets(request.url),
    remoteAddress: request.remoteAddress,
    userAgent: request.headers['user-agent'],
  };
}

/** A response's log record: its status; the time is on the line itself. */
export function responseLogRecord(response: { statusCode: number }) {
  return { statusCode: response.statusCode };
}
