import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { AppConfig, ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('works on this machine with no variables set', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config.databaseUrl).toBe('postgres://kpiv_app@127.0.0.1:5432/kpi_verification');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.runWorker).toBe(true);
    expect(config.cookieSecure).toBe(false);
    expect(config.apiProcesses).toBe(1);
    expect(config.databasePoolSize).toBe(4);
  });

  it('rejects a malformed DATABASE_URL with one line naming the variable and the fix', () => {
    expect(() => loadConfig({ DATABASE_URL: 'localhost:5432/db' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'localhost:5432/db' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid configuration: DATABASE_URL must be a URL like postgres:\/\//);
      expect(message).toContain('"localhost:5432/db"');
      expect(message).not.toContain('\n');
    }
  });

  it('connects the app and the migrations as two roles of one database, set up by the local superuser', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app:secret@db.example.jp:5433/kpi?sslmode=require' })).toMatchObject({
      databaseUrl: 'postgres://app:secret@db.example.jp:5433/kpi?sslmode=require',
      databaseOwnerUrl: 'postgres://kpiv_owner@db.example.jp:5433/kpi?sslmode=require',
      databaseAdminUrl: 'postgres://postgres@db.example.jp:5433/postgres?sslmode=require',
    });
  });

  it('has no superuser connection in production unless one is given', () => {
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' });
    const production = loadConfig({
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(32),
      SMTP_URL: 'smtp://mail.example.jp:587',
      AUDIT_SIGNING_KEY: signingKey.toString('base64'),
    });
    expect(production.databaseAdminUrl).toBeUndefined();
  });

  it('refuses an app role that would own the tables, or an owner on another database', () => {
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://kpiv@127.0.0.1:5432/kpi',
        DATABASE_OWNER_URL: 'postgres://kpiv@127.0.0.1:5432/kpi',
      }),
    ).toThrow(/DATABASE_OWNER_URL must name another role than DATABASE_URL \(kpiv\)/);
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://kpiv_app@127.0.0.1:5432/kpi',
        DATABASE_OWNER_URL: 'postgres://kpiv_owner:hunter2@127.0.0.1:5432/other',
      }),
    ).toThrow(/DATABASE_OWNER_URL must point at the same server and database as DATABASE_URL .*kpiv_owner:\*\*\*@/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/kpi' })).toThrow(
      /DATABASE_URL must name its role/,
    );
  });

  it('runs the API on as many processes as API_PROCESSES says, at least one', () => {
    expect(loadConfig({ API_PROCESSES: '4' }).apiProcesses).toBe(4);
    expect(() => loadConfig({ API_PROCESSES: '0' })).toThrow(/API_PROCESSES/);
    expect(() => loadConfig({ API_PROCESSES: 'all' })).toThrow(/API_PROCESSES must be a number of processes/);
  });

  it('rejects a malformed REDIS_URL', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL must be a URL like redis:\/\//);
  });

  it('requires a long secret, and never echoes it', () => {
    expect(() => loadConfig({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET must be at least 32 characters.*"\*\*\*"/);
  });

  it('requires a secret and an SMTP server in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.jp:587' })).toThrow(
      /AUTH_SECRET is required in production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) })).toThrow(
      /SMTP_URL is required in production/,
    );
  });

  it('hides a database password in the message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(/mysql:\/\/user:\*\*\*@db\/x/);
  });

  it('allows four times the per-account failures per client address unless set', () => {
    expect(loadConfig({ LOGIN_MAX_FAILURES: '3' }).loginMaxFailuresPerIp).toBe(12);
    expect(loadConfig({ LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP: '50' }).loginMaxFailuresPerIp).toBe(50);
  });

  it('requires the initial administrator variables together, their name optional', () => {
    expect(() => loadConfig({ INITIAL_ADMIN_EMAIL: 'admin@example.jp' })).toThrow(/must be set together/);
    const initial = {
      INITIAL_ADMIN_EMAIL: 'admin@example.jp',
      INITIAL_ADMIN_PASSWORD: 'correct horse battery staple',
      INITIAL_ADMIN_ORGANIZATION_CODE: '012041',
      INITIAL_ADMIN_ORGANIZATION_NAME: '旭川市',
    };
    expect(loadConfig(initial).initialAdmin?.displayName).toBeUndefined();
    expect(loadConfig({ ...initial, INITIAL_ADMIN_NAME: ' 企画政策課 山田 ' }).initialAdmin?.displayName).toBe(
      '企画政策課 山田',
    );
  });

  describe('audit checkpoints', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const base64 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const production = { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://mail.example.jp:587' };

    it('go to ./var/audit-checkpoints unless AUDIT_CHECKPOINT_DIR says otherwise, as an absolute path', () => {
      expect(loadConfig({}).auditCheckpointDir).toBe(resolve('var/audit-checkpoints'));
      expect(loadConfig({ AUDIT_CHECKPOINT_DIR: '/srv/audit' }).auditCheckpointDir).toBe('/srv/audit');
    });

    it('are signed with an Ed25519 key given as PEM (also with \\n for line breaks) or as base64 PKCS#8', () => {
      for (const value of [pem, pem.replace(/\n/g, '\\n'), base64])
        expect(loadConfig({ AUDIT_SIGNING_KEY: value }).auditSigningKey?.equals(privateKey)).toBe(true);
      expect(loadConfig({}).auditSigningKey).toBeUndefined();
    });

    it('refuse a key of another type or no key at all, saying how to generate one and never echoing it', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        format: 'pem',
        type: 'pkcs8',
      });
      for (const value of [rsa.toString(), 'not a key'])
        expect(() => loadConfig({ AUDIT_SIGNING_KEY: value })).toThrow(
          /^Invalid configuration: AUDIT_SIGNING_KEY must be an Ed25519 private key.*openssl genpkey -algorithm ed25519.*"\*\*\*"/,
        );
    });

    it('need a key of their own in production', () => {
      expect(() => loadConfig(production)).toThrow(/AUDIT_SIGNING_KEY is required in production/);
      expect(loadConfig({ ...production, AUDIT_SIGNING_KEY: base64 }).auditSigningKey).toBeDefined();
    });
  });
});
