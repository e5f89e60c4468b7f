import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { type DataSource } from 'typeorm';
import { AppModule } from '../../src/bootstrap/app.module';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log';
import { type AppConfig, loadConfig } from '../../src/infra/config/app-config';
import { configureApp } from '../../src/bootstrap/configure-app';
import { AdministratorBootstrap } from '../../src/users/administrator-bootstrap';
import { type Role } from '../../src/access/role';
import { UsersService } from '../../src/users/users.service';
import { deleteRedisKeys } from '../../bench/support/redis-keys';
import { createSuiteDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  config: AppConfig;
  /** Connected as the app's role, like the app itself. */
  dataSource: DataSource;
  /** The suite's database as a superuser, for tests that tamper with it as an attacker with full access would. */
  superuserUrl: string;
  close: () => Promise<void>;
}

/**
 * The real app on its own database and its own Redis key prefix, so suites never see each other's data. It connects
 * as the app's role, as in production: every suite also shows that the app needs no more privilege than that.
 * The worker is off unless a suite asks for it. Audit checkpoints go to a folder of the suite's own, removed on close.
 */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createSuiteDatabase();
  const checkpoints = mkdtempSync(join(tmpdir(), 'kpiv-audit-checkpoints-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...database.settings,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    RUN_WORKER: 'false',
    AUDIT_CHECKPOINT_DIR: checkpoints,
    ...overrides,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = configureApp(moduleRef.createNestApplication());
  await app.init();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    config,
    dataSource,
    superuserUrl: database.superuserUrl,
    http: () => request(app.getHttpServer()),
    close: async () => {
      // The app first: a worker still at a job must not find the job's keys gone under it.
      await app.close();
      await deleteRedisKeys(config);
      await database.drop();
      rmSync(checkpoints, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Seeds a municipality with an administrator and returns ids for building scenarios. */
export async function seedOrganization(testApp: TestApp, code: string, name: string) {
  const admin = await testApp.app.get(AdministratorBootstrap).createAdministrator({
    email: `admin@${code}.example.jp`,
    password: TEST_PASSWORD,
    organizationCode: code,
    organizationName: name,
  });
  const organizationId = admin.memberships![0].organizationId;
  return { organizationId, adminEmail: admin.email };
}

export async function addUser(
  testApp: TestApp,
  organizationId: string,
  email: string,
  role: Role,
  departmentId?: string,
) {
  return testApp.app
    .get(UsersService)
    .addMember(
      organizationId,
      { email, displayName: email.split('@')[0], password: TEST_PASSWORD },
      [{ role, departmentId }],
      SYSTEM_ACTOR,
    );
}

export async function signIn(testApp: TestApp, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await testApp.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return response.body.accessToken as string;
}

/** The session cookie ("name=value") of a signed-in user, for requests to the web pages. */
export async function sessionCookie(testApp: TestApp, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await testApp.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return String(response.headers['set-cookie']).split(';')[0];
}
