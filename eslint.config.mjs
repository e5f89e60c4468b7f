// @ts-check
// Lint rules of the service. Layers and the query layer follow the refactor conventions (README / CONVENTIONS):
// imports only point down the layer list; only repositories, entities, modules and src/infra/database touch TypeORM.
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// The layers, top to bottom. A layer may import the layers below it, never above; the types in one row are peers
// that do not import each other. `src/reports` is one layer to the outside, and is layered again inside.
const layers = [
  ['entry'],
  ['web'],
  ['demo'],
  ['tasks'],
  // Above exports and imports: the meeting pack writes their official layout and reads back with their bounded reader.
  ['committee-packs'],
  ['cycles', 'imports', 'exports', 'health', 'publication'],
  ['notifications'],
  ['invitations', 'accounts', 'review-links'],
  ['reports', 'reports-workflow', 'reports-reviews', 'reports-changes', 'reports-report', 'reports-rules'],
  ['projects', 'outbox'],
  ['auth'],
  ['users'],
  ['organizations'],
  ['audit'],
  ['access'],
  ['infra'],
  ['common'],
];
// Inside src/reports, top to bottom: the files at reports/ root, then its sub-folders.
const reportsInside = layers.find((row) => row.includes('reports')) ?? [];

const layerPolicies = layers.flatMap((row, index) => {
  const below = layers.slice(index + 1).flat();
  return row.map((type) => {
    const insideBelow = reportsInside.includes(type) ? reportsInside.slice(reportsInside.indexOf(type) + 1) : [];
    return {
      from: { element: { type } },
      allow: { to: { element: { types: { anyOf: [...insideBelow, ...below] } } } },
    };
  });
});

// Folders under src/ that are one element each (file paths relative to the repository root).
const folderElements = layers
  .flat()
  .filter((type) => type !== 'entry' && !type.startsWith('reports'))
  .map((type) => ({ type, pattern: `src/${type}`, partialMatch: false }));

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'test-artifacts/'], 'project/ignores'),

  eslint.configs.recommended,

  {
    name: 'project/typescript',
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // One TypeScript program for src, test, bench and migrations (tsconfig.json includes all four).
        projectService: true,
        tsconfigRootDir: root,
        // Nest's DI and class-validator read constructor/property types at runtime (tsconfig has both on too):
        // with these, consistent-type-imports leaves files with decorators alone instead of making imports type-only.
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      // `const { version: _version, ...rest } = row` is how we drop a property; the omitted name is unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Views expose `static from(entity)` factories that never use `this`; `items.map(View.from)` is the idiom.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
    },
  },

  {
    // The e2e suites and benches drive the HTTP API: supertest's `response.body` and raw SQL rows are untyped JSON
    // (`any`), and asserting on their shape is the point of the test. Unit specs in src/ keep the full rule set.
    name: 'project/e2e-untyped-json',
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    // Plain Node scripts (CommonJS) outside the TypeScript program: no type information for them.
    name: 'project/node-scripts',
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['src/web/assets/**'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    name: 'project/browser-assets',
    files: ['src/web/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    name: 'project/config-files',
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },

  // Module boundaries: src/ layers (see `layers` above).
  {
    name: 'project/boundaries',
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': root,
      // All our imports are relative and extension-less .ts paths.
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      // Re-exports and lazy `import()` cross layers too (the default is static imports only).
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'boundaries/elements': [
        // The composition root: bootstrap/ and cli/ (the entry scripts are files, classified in boundaries/files).
        { type: 'entry', pattern: ['src/bootstrap', 'src/cli'], partialMatch: false },
        // Sub-folders of the report aggregate come before src/reports itself, which then holds its root files.
        { type: 'reports-workflow', pattern: 'src/reports/workflow', partialMatch: false },
        { type: 'reports-reviews', pattern: 'src/reports/reviews', partialMatch: false },
        { type: 'reports-changes', pattern: 'src/reports/changes', partialMatch: false },
        { type: 'reports-report', pattern: 'src/reports/report', partialMatch: false },
        { type: 'reports-rules', pattern: 'src/reports/rules', partialMatch: false },
        { type: 'reports', pattern: 'src/reports', partialMatch: false },
        ...folderElements,
      ],
      'boundaries/files': [
        { category: 'entry', pattern: 'src/{main,worker,cli}.ts' },
        { category: 'test', pattern: '**/*.spec.ts' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...layerPolicies,
            // The entry scripts (src/main.ts, worker.ts, cli.ts) and unit specs may import anything.
            { from: { file: { categories: ['entry', 'test'] } }, allow: { to: { module: { origin: 'local' } } } },
          ],
        },
      ],
      // Every file under src/ belongs to a layer: a new top-level folder must be placed in `layers` first.
      'boundaries/no-unknown-files': 'error',
    },
  },

  // Query layer: only repositories, entities, modules (TypeOrmModule.forFeature) and src/infra/database import TypeORM
  // values; everything else may only `import type` (e.g. EntityManager to pass a transaction on).
  {
    name: 'project/query-layer',
    files: ['src/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      '**/*.entity.ts',
      '**/*.module.ts',
      'src/infra/database/**',
      // Maps the driver's QueryFailedError (unique, foreign-key, check violations) to 4xx answers; it queries nothing.
      'src/infra/http/http-exception.filter.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['typeorm', '@nestjs/typeorm'].map((name) => ({
            name,
            allowTypeImports: true,
            message: 'Query through a *.repository.ts; elsewhere only `import type` from TypeORM (e.g. EntityManager).',
          })),
          patterns: [
            {
              group: ['typeorm/*', '@nestjs/typeorm/*'],
              allowTypeImports: true,
              message: 'Query through a *.repository.ts; elsewhere only `import type` from TypeORM.',
            },
          ],
        },
      ],
    },
  },

  // A text limit counts UTF-16 units, as the import and a spreadsheet cell do; class-validator's MaxLength counts code points.
  {
    name: 'project/text-limits',
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['MaxLength'],
              message: 'Use MaxTextLength (src/common/input-fields.ts): it counts UTF-16 units, as the import does.',
            },
          ],
        },
      ],
    },
  },

  // A file's type and name go with the file (StreamableFile options): @Header would give a refusal's JSON them too.
  {
    name: 'project/file-headers',
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "Decorator > CallExpression[callee.name='Header'][arguments.0.value=/^content-(type|disposition)$/i]",
          message: 'Give the type and name to the StreamableFile: @Header applies to the errors of the route as well.',
        },
      ],
    },
  },

  // Last: turn off the stylistic rules Prettier owns.
  prettier,
);
