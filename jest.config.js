// Unit specs sit beside the code (src/**/*.spec.ts); e2e suites live in test/ and talk to real PostgreSQL and Redis;
// medium specs (test/medium) call services directly on real PostgreSQL.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
        keepClassNames: true,
      },
    },
  ],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // swagger-parser (the OpenAPI document check) requires json-schema-ref-parser, which ships ES modules only.
      transform: { ...transform, '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
      transformIgnorePatterns: ['/node_modules/(?!@apidevtools/json-schema-ref-parser/)'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Services on the real database without HTTP. In test/, not beside the code: they build on test/support's suite databases and factories.
      displayName: 'medium',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // Room for an app's start and set-up on a loaded two-core machine (a busy neighbour suite once took a start past 30 s);
  // a timeout here guards against a hang, it measures nothing.
  testTimeout: 60000,
  // Each e2e suite leaves about 40 MB behind in the process that ran it (on earlier code alike): run in one process, the
  // whole suite passed V8's 4 GB heap limit. With a limit Jest runs the files in a worker and replaces it when, after a
  // file, it holds more than this; the one-file-at-a-time pace on two cores is unchanged.
  workerIdleMemoryLimit: '1500MB',
};
