import { createPrivateKey, type KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';

const DEFAULT_DATABASE_URL = 'postgres://kpiv_app@127.0.0.1:5432/kpi_verification';
// Owns the schema and runs the migrations; the app's own role (DATABASE_URL) owns nothing.
const DEFAULT_OWNER_ROLE = 'kpiv_owner';
// Role names go into GRANT statements and must be plain identifiers.
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
// Only for development and tests: production must bring its own secret.
const DEVELOPMENT_ONLY_SECRET = 'development-only-secret-do-not-use-in-production';
const DEFAULT_AUDIT_CHECKPOINT_DIR = './var/audit-checkpoints';
/** Prints a new Ed25519 private key as one line of base64 (PKCS#8), ready for AUDIT_SIGNING_KEY. */
export const GENERATE_AUDIT_SIGNING_KEY = 'openssl genpkey -algorithm ed25519 -outform DER | openssl base64 -A';

const urlWithProtocol = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL like ${example}` },
    );

/** An Ed25519 private key as PEM (line breaks may be written as \\n) or as one line of base64 PKCS#8 (DER). */
const ed25519PrivateKey = z
  .string()
  .trim()
  .transform((value, ctx): KeyObject => {
    try {
      const key = value.includes('-----BEGIN')
        ? createPrivateKey(value.replace(/\\n/g, '\n'))
        : createPrivateKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'pkcs8' });
      if (key.asymmetricKeyType === 'ed25519') return key;
    } catch {
      // Not a key at all: reported below like a key of another type.
    }
    ctx.addIssue({
      code: 'custom',
      message: `must be an Ed25519 private key, PEM or base64 PKCS#8 (generate one with: ${GENERATE_AUDIT_SIGNING_KEY})`,
    });
    return z.NEVER;
  });

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

const envSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { message: 'must be development, production or test' })
      .default('development'),
    PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1).max(65535).default(3000),
    APP_BASE_URL: urlWithProtocol(['http:', 'https:'], 'https://kpi.example.lg.jp').default('http://localhost:3000'),
    DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:'], DEFAULT_DATABASE_URL).default(DEFAULT_DATABASE_URL),
    DATABASE_OWNER_URL: urlWithProtocol(
      ['postgres:', 'postgresql:'],
      'postgres://kpiv_owner:password@127.0.0.1:5432/kpi_verification',
    ).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(4),
    API_PROCESSES: z.coerce.number({ message: 'must be a number of processes' }).int().min(1).max(64).default(1),
    DATABASE_ADMIN_URL: urlWithProtocol(
      ['postgres:', 'postgresql:'],
      'postgres://postgres@127.0.0.1:5432/postgres',
    ).optional(),
    REDIS_URL: urlWithProtocol(['redis:', 'rediss:'], DEFAULT_REDIS_URL).default(DEFAULT_REDIS_URL),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'must be letters, digits, - or _')
      .default('kpiv'),
    AUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (generate one with: openssl rand -base64 48)')
      .optional(),
    SESSION_TTL_HOURS: z.coerce.number({ message: 'must be a number of hours' }).int().min(1).max(720).default(12),
    COOKIE_SECURE: booleanFlag.optional(),
    RUN_WORKER: booleanFlag.default(true),
    RUN_MIGRATIONS: booleanFlag.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).optional(),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
    SMTP_URL: urlWithProtocol(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.lg.jp:587').optional(),
    MAIL_FROM: z.string().min(3).default('地方創生効果検証システム <no-reply@localhost>'),
    DEV_SMTP_SINK_PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(1025),
    SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    NOTIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
    NOTIFICATION_BACKOFF_MS: z.coerce.number().int().min(1).max(86_400_000).default(30_000),
    NOTIFICATION_EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
    NOTIFICATION_EVENT_MAX_BACKOFF_MS: z.coerce.number().int().min(1).max(86_400_000).default(300_000),
    OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    QUEUE_STALLED_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    REVIEW_DUE_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be a time of day such as 09:00')
      .default('09:00'),
    REVIEW_DAY_MS: z.coerce.number().int().min(100).max(86_400_000).default(86_400_000),
    DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 08:00')
      .default('08:00'),
    INVITATION_TTL_DAYS: z.coerce.number({ message: 'must be a number of days' }).int().min(1).max(90).default(7),
    PASSWORD_RESET_TTL_MINUTES: z.coerce
      .number({ message: 'must be a number of minutes' })
      .int()
      .min(5)
      .max(1440)
      .default(60),
    PASSWORD_RESET_MAX_REQUESTS: z.coerce.number().int().min(1).max(100).default(3),
    PASSWORD_RESET_MAX_REQUESTS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
    PASSWORD_RESET_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(3600),
    DENIAL_AUDIT_WINDOW_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    AUDIT_CHECKPOINT_DIR: z.string().trim().min(1).default(DEFAULT_AUDIT_CHECKPOINT_DIR),
    AUDIT_SIGNING_KEY: ed25519PrivateKey.optional(),
    INITIAL_ADMIN_EMAIL: z.email({ message: 'must be an e-mail address' }).optional(),
    INITIAL_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    INITIAL_ADMIN_ORGANIZATION_CODE: z.string().optional(),
    INITIAL_ADMIN_ORGANIZATION_NAME: z.string().min(1).optional(),
    INITIAL_ADMIN_NAME: z.string().trim().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'is required in production (e.g. smtp://user:password@mail.example.lg.jp:587)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: 'is required in production (generate one with: openssl rand -base64 48)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.AUDIT_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_SIGNING_KEY'],
        message: `is required in production (generate one with: ${GENERATE_AUDIT_SIGNING_KEY})`,
      });
    }
    for (const issue of databaseRoleIssues(env.DATABASE_URL, env.DATABASE_OWNER_URL))
      ctx.addIssue({ code: 'custom', ...issue });
    const initialAdmin = [
      env.INITIAL_ADMIN_EMAIL,
      env.INITIAL_ADMIN_PASSWORD,
      env.INITIAL_ADMIN_ORGANIZATION_CODE,
      env.INITIAL_ADMIN_ORGANIZATION_NAME,
    ];
    if (initialAdmin.some(Boolean) && !initialAdmin.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['INITIAL_ADMIN_EMAIL'],
        message:
          'INITIAL_ADMIN_EMAIL, INITIAL_ADMIN_PASSWORD, INITIAL_ADMIN_ORGANIZATION_CODE and INITIAL_ADMIN_ORGANIZATION_NAME must be set together',
      });
    }
  });

export class ConfigError extends Error {}

/** The validated configuration; injected by class so every consumer gets types, not strings. */
export class AppConfig {
  readonly environment: 'development' | 'production' | 'test';
  readonly port: number;
  readonly baseUrl: string;
  /** The app's connection: a role that owns nothing and may only read and write rows (src/infra/database/migrate.ts). */
  readonly databaseUrl: string;
  /** The role that owns the schema; migrations run as it. */
  readonly databaseOwnerUrl: string;
  /** A superuser connection that creates both roles and the database when missing; unset, they must exist already. */
  readonly databaseAdminUrl?: string;
  /** Reverse proxies in front of the API whose X-Forwarded-For is believed: 0 when clients connect directly. */
  readonly trustProxyHops: number;
  /**
   * Connections of this process's pool: N API processes and M workers hold up to (N + M) × this of the server's.
   * PostgreSQL does most with about twice its cores busy: requests beyond wait here, cheaply, not inside it.
   */
  readonly databasePoolSize: number;
  /** Copies of the API sharing its port (src/infra/http/api-processes.ts): one per core uses the whole machine. */
  readonly apiProcesses: number;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  readonly authSecret: string;
  readonly sessionTtlHours: number;
  readonly cookieSecure: boolean;
  readonly runWorker: boolean;
  readonly runMigrations: boolean;
  readonly logLevel: string;
  /** Failed password attempts per account (from any address) before further attempts are refused. */
  readonly loginMaxFailures: number;
  /** Failed password attempts from one client address (over all accounts) before further attempts are refused. */
  readonly loginMaxFailuresPerIp: number;
  readonly loginFailureWindowSeconds: number;
  /** Unset outside production: a development SMTP sink in the process receives the mail instead. */
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  readonly devSmtpSinkPort: number;
  /** How long an SMTP connection may take to open, to greet, or stay silent before the attempt fails (to be retried). */
  readonly smtpTimeoutMs: number;
  readonly notificationMaxAttempts: number;
  readonly notificationBackoffMs: number;
  /**
   * Attempts at handling a workflow event (its notices and mails), and the longest wait between two: waits double from
   * 1 s up to it (src/notifications/event-retries.ts). By default about an hour in all.
   */
  readonly notificationEventMaxAttempts: number;
  readonly notificationEventMaxBackoffMs: number;
  readonly outboxRelayIntervalMs: number;
  readonly queueStalledIntervalMs: number;
  /** Time of day (Japan) at which a due date falls due; with reviewDayMs, tests shorten the schedule. */
  readonly reviewDueTime: string;
  readonly reviewDayMs: number;
  readonly digestTime: string;
  /** Where signed checkpoints of the audit chains are written: outside the database, ideally on storage its administrators cannot rewrite. */
  readonly auditCheckpointDir: string;
  /** Signs the checkpoints; unset outside production, where a key derived from authSecret is used. */
  readonly auditSigningKey?: KeyObject;
  /** How long the link in an invitation e-mail can be used. */
  readonly invitationTtlDays: number;
  /** How long the link in a password reset e-mail can be used. */
  readonly passwordResetTtlMinutes: number;
  /** Reset e-mails asked for one address, and from one client address, within the window; more get 429. */
  readonly passwordResetMaxRequests: number;
  readonly passwordResetMaxRequestsPerIp: number;
  readonly passwordResetWindowSeconds: number;
  /**
   * A denial repeated (same person or client address, method and path) within it is counted, not written again (the
   * count is written when it closes); 0 writes every one.
   */
  readonly denialAuditWindowSeconds: number;
  readonly initialAdmin?: {
    email: string;
    password: string;
    organizationCode: string;
    organizationName: string;
    /** How the administrator signs invitations (「…さんから」); AdministratorBootstrap names them otherwise. */
    displayName?: string;
  };

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

/**
 * Reads and validates the environment. Throws ConfigError with one line naming the variable,
 * what is wrong and how to fix it, so a misconfigured start stops before touching anything.
 */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    const got = typeof cleaned[name] === 'string' ? ` (got "${redact(name, cleaned[name])}")` : '';
    throw new ConfigError(
      `Invalid configuration: ${name} ${issue.message}${got}. Set it in the environment or in .env (see .env.example).`,
    );
  }
  const e = parsed.data;
  return new AppConfig({
    environment: e.NODE_ENV,
    port: e.PORT,
    baseUrl: e.APP_BASE_URL.replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    apiProcesses: e.API_PROCESSES,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    databaseOwnerUrl: e.DATABASE_OWNER_URL ?? withRole(e.DATABASE_URL, DEFAULT_OWNER_ROLE),
    // On a developer machine the local superuser sets the roles up; production names its own or provisions them.
    databaseAdminUrl:
      e.DATABASE_ADMIN_URL ??
      (e.NODE_ENV === 'production' ? undefined : withRole(e.DATABASE_URL, 'postgres', 'postgres')),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    authSecret: e.AUTH_SECRET ?? DEVELOPMENT_ONLY_SECRET,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    runWorker: e.RUN_WORKER,
    runMigrations: e.RUN_MIGRATIONS,
    logLevel: e.LOG_LEVEL,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    // An office behind one address has several people mistyping; one attacker trying many accounts is still stopped.
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP ?? e.LOGIN_MAX_FAILURES * 4,
    loginFailureWindowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    devSmtpSinkPort: e.DEV_SMTP_SINK_PORT,
    smtpTimeoutMs: e.SMTP_TIMEOUT_MS,
    notificationMaxAttempts: e.NOTIFICATION_MAX_ATTEMPTS,
    notificationBackoffMs: e.NOTIFICATION_BACKOFF_MS,
    notificationEventMaxAttempts: e.NOTIFICATION_EVENT_MAX_ATTEMPTS,
    notificationEventMaxBackoffMs: e.NOTIFICATION_EVENT_MAX_BACKOFF_MS,
    outboxRelayIntervalMs: e.OUTBOX_RELAY_INTERVAL_MS,
    queueStalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
    reviewDueTime: e.REVIEW_DUE_TIME,
    reviewDayMs: e.REVIEW_DAY_MS,
    digestTime: e.DIGEST_TIME,
    auditCheckpointDir: resolve(e.AUDIT_CHECKPOINT_DIR),
    auditSigningKey: e.AUDIT_SIGNING_KEY,
    invitationTtlDays: e.INVITATION_TTL_DAYS,
    passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
    passwordResetMaxRequests: e.PASSWORD_RESET_MAX_REQUESTS,
    passwordResetMaxRequestsPerIp: e.PASSWORD_RESET_MAX_REQUESTS_PER_IP,
    passwordResetWindowSeconds: e.PASSWORD_RESET_WINDOW_SECONDS,
    denialAuditWindowSeconds: e.DENIAL_AUDIT_WINDOW_SECONDS,
    initialAdmin: e.INITIAL_ADMIN_EMAIL
      ? {
          email: e.INITIAL_ADMIN_EMAIL,
          password: e.INITIAL_ADMIN_PASSWORD!,
          organizationCode: e.INITIAL_ADMIN_ORGANIZATION_CODE!,
          organizationName: e.INITIAL_ADMIN_ORGANIZATION_NAME!,
          displayName: e.INITIAL_ADMIN_NAME,
        }
      : undefined,
  });
}

/** The app and the migrations connect to one database as two different roles. */
function databaseRoleIssues(appUrl: string, ownerUrl: string | undefined): { path: string[]; message: string }[] {
  // Malformed URLs are reported by their own fields.
  if (!URL.canParse(appUrl) || (ownerUrl && !URL.canParse(ownerUrl))) return [];
  const roles = { DATABASE_URL: roleOf(appUrl), DATABASE_OWNER_URL: ownerUrl ? roleOf(ownerUrl) : DEFAULT_OWNER_ROLE };
  const issues = Object.entries(roles)
    .filter(([, role]) => !ROLE_NAME.test(role))
    .map(([name]) => ({
      path: [name],
      message:
        'must name its role (the user) in lower-case letters, digits and _, e.g. postgres://kpiv_app@host:5432/db',
    }));
  if (roles.DATABASE_URL === roles.DATABASE_OWNER_URL)
    issues.push({
      path: ['DATABASE_OWNER_URL'],
      message: `must name another role than DATABASE_URL (${roles.DATABASE_URL}): the app's role must not own the tables`,
    });
  if (ownerUrl && databaseOf(ownerUrl) !== databaseOf(appUrl))
    issues.push({
      path: ['DATABASE_OWNER_URL'],
      message: `must point at the same server and database as DATABASE_URL (${databaseOf(appUrl)})`,
    });
  return issues;
}

/** The role (user) a PostgreSQL URL connects as. */
export function roleOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).username);
}

function databaseOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/** The same server (and database, unless another is named) as another role, whose password is not known here. */
function withRole(databaseUrl: string, role: string, database?: string): string {
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = '';
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

function redact(name: string, value: string): string {
  if (/SECRET|PASSWORD|KEY/.test(name)) return '***';
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

/** Loads .env when present (Node's own loader), then validates. */
export function loadConfigFromProcess(): AppConfig {
  try {
    process.loadEnvFile();
  } catch {
    // No .env file: the environment alone is the configuration.
  }
  return loadConfig(process.env);
}
