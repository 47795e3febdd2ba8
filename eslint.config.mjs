// The project's rules (docs/ARCHITECTURE.md): layers and areas are folders, and this file is
// what keeps them apart. `npm run lint` runs it; `.ci/run` fails on any error.
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const AREAS = ['network', 'offers', 'table', 'polls', 'digest'];

/** Libraries that reach the database: only stores (and the platform's database module) use them. */
const DATABASE_LIBRARIES = ['knex', 'pg', '@electric-sql/pglite', 'knex-pglite'];
/** What a domain module may not use: no I/O, no Slack, no database, no clock. */
const IO_MODULES = [
  ...DATABASE_LIBRARIES,
  '@slack/bolt',
  '@slack/web-api',
  'node-cron',
  'pino',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
];

const clockRule = [
  'error',
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Read the time from the injected Clock (src/platform/clock.ts), never from new Date().',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Read the time from the injected Clock (src/platform/clock.ts), never from Date.now().',
  },
];

/** Module-level state in a view: a `let`, or a `new X()` kept at the top of the file. */
const viewStateRule = [
  'error',
  ...clockRule.slice(1),
  {
    selector: ":matches(Program, ExportNamedDeclaration) > VariableDeclaration[kind!='const']",
    message: 'Views hold no module-level state: a view is a pure function of its model.',
  },
  {
    selector: ':matches(Program, ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator > NewExpression',
    message: 'Views hold no module-level state (no caches, maps or memos at the top of a view file).',
  },
];

/** For each area: every other area is reached through its entry file (index.ts) only. */
const areaZones = AREAS.map((area) => ({
  target: `./src/areas/${area}/**/*`,
  from: `./src/areas/!(${area})/**/*`,
  except: ['**/src/areas/*/index.ts'],
  message: 'Areas reach each other only through the other area\'s entry file (src/areas/<area>/index.ts).',
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-output/**', 'bench/results/**', 'src/local/public/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true, 'ts-nocheck': true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': clockRule,
      'no-restricted-imports': ['error', { paths: DATABASE_LIBRARIES.map((name) => ({ name, message: 'Only stores (src/areas/*/store, and the platform\'s own) talk to the database.' })) }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/platform/**/*',
              from: ['./src/areas/**/*', './src/app/**/*', './src/{main,app}.ts', './src/local/**/*', './src/cli/**/*'],
              message: 'The platform never imports an area or the composition root.',
            },
            ...areaZones,
            {
              target: ['./src/areas/*/domain/**/*'],
              from: ['./src/areas/*/store/**/*', './src/areas/*/use-cases/**/*', './src/areas/*/slack/**/*', './src/areas/*/jobs/**/*', './src/platform/database/**/*', './src/platform/outbox/**/*', './src/platform/slack/**/*', './src/platform/jobs/**/*', './src/platform/{clock,logger}.ts'],
              message: 'A domain module is pure: no store, use case, Slack, job, database, clock or logger.',
            },
            {
              target: ['./src/areas/*/domain/**/*', './src/areas/*/store/**/*', './src/areas/*/use-cases/**/*', './src/areas/*/jobs/**/*', './src/areas/*/exports/**/*', './src/areas/*/reporting.ts'],
              from: ['./src/areas/*/slack/**/*', './src/platform/slack/{blocks,error-views}.ts'],
              message: 'Use cases, jobs, stores and domain return models: only the Slack side renders them.',
            },
            {
              target: ['./src/areas/*/slack/**/*'],
              from: ['./src/areas/*/store/**/*'],
              message: 'The Slack side calls use cases; it never reads a store (nor its row types).',
            },
            {
              target: ['./src/areas/*/**/*'],
              from: ['./src/platform/database/index.ts'],
              except: [],
              message: 'Areas reach the database through their stores and the transaction helper (src/platform/database/transaction.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Stores: the only SQL. They may use knex (typed rows), and nothing of Slack.
    files: ['src/areas/*/store/**/*.ts', 'src/platform/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/areas/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: IO_MODULES.map((name) => ({ name, message: 'Domain modules do no I/O.' })) }],
    },
  },
  {
    files: ['src/areas/*/slack/**/*views*.ts', 'src/areas/*/slack/views/**/*.ts', 'src/platform/slack/blocks.ts'],
    rules: { 'no-restricted-syntax': viewStateRule },
  },
  {
    // The one reader of the time.
    files: ['src/platform/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
