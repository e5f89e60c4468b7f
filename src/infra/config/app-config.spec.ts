import { AppConfig, ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('works on this machine with no variables set', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/kpi_verification');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.runWorker).toBe(true);
    expect(config.cookieSecure).toBe(false);
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

  it('requires the initial administrator variables together', () => {
    expect(() => loadConfig({ INITIAL_ADMIN_EMAIL: 'admin@example.jp' })).toThrow(/must be set together/);
  });
});
