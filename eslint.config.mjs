// Lint: typescript-eslint's recommended rules, type-aware where it matters (no floating
// promises, no instanceof on framework classes), and the layering of DESIGN.md written as
// import rules. `npm run lint`; CI runs it (.ci/run).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noFrameworkInstanceof from './scripts/eslint/no-framework-instanceof.js';

const local = { rules: { 'no-framework-instanceof': noFrameworkInstanceof } };

const CLOUDS = ['qingcloud', 'ucloud', 'huaweicloud'];

/** An import pattern: a relative import that names one of `dirs` as a folder. */
const folder = (dirs, message) => ({ regex: `^\\.{1,2}/(.*/)?(${dirs.join('|')})(/|$)`, message });

const NO_TESTING_OR_CLI = [
  folder(['testing'], 'product code never imports testing/ (the fake cloud is a test tool; see DESIGN.md "Layout")'),
  folder(['cli'], 'only the CLI imports the library, never the other way round (cli/ is a thin shell)'),
];
const NO_SELF = { regex: '^cdktf-headroom(/|$)', message: 'inside src/, import the module by its relative path' };

/** `no-restricted-imports` with these patterns (each files block states its whole list). */
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: [NO_SELF, ...patterns] }] });

export default tseslint.config(
  {
    ignores: [
      'lib/',
      'node_modules/',
      'bench/out/',
      'coverage/',
      'temp/',
      '**/cdktf.out/',
      'examples/**/*.js',
      'examples/**/*.d.ts',
      '**/.gen/',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { local },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'local/no-framework-instanceof': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'require',
          'module',
          'exports',
          'process',
          'console',
          '__dirname',
          '__filename',
          'Buffer',
          'URL',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
        ].map((g) => [g, 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Tests may poke at values loosely and read getters for their effect.
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  // Errors are HeadroomError subclasses with a stable code (src/core/errors.ts), never a bare Error.
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ThrowStatement > NewExpression[callee.name="Error"]',
          message: 'throw a HeadroomError subclass with a stable HEADROOM_* code (src/core/errors.ts), not a bare Error',
        },
      ],
    },
  },
  // The layering (ARCHITECTURE.md), from the bottom up: core/ (imports no cloud and nothing
  // above it) < lookups/ < the clouds and policy/ < registry/ (the one place that knows every
  // cloud: every kind, the worker's entry, run-lookup, the library's setup step) < cli/ and
  // the package entry. A cloud never imports another cloud; core, clouds, lookups and policy
  // never import testing/ or cli/. Inside lookups/, its rooms from the bottom: the shared
  // words (request, key, kind-table, settings) < worker/ < record/ < batch/ < construct/.
  { files: ['src/**/*.ts'], rules: restrict() },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(
      folder(
        ['clouds', ...CLOUDS, 'lookups', 'policy', 'registry'],
        'core/ is cloud-agnostic and at the bottom: it imports no cloud, lookups, policy or registry',
      ),
      ...NO_TESTING_OR_CLI,
    ),
  },
  ...[
    {
      rooms: '*.ts',
      above: ['worker', 'record', 'batch', 'construct'],
      says: "lookups/' shared words (request, key, kind-table, settings) sit below its rooms",
    },
    {
      rooms: 'worker/**/*.ts',
      above: ['record', 'batch', 'construct'],
      says: 'lookups/worker/ carries calls; the record, the batch and the construct sit above it',
    },
    { rooms: 'record/**/*.ts', above: ['batch', 'construct'], says: 'lookups/record/ stores; the batch engine and the construct base sit above it' },
    { rooms: 'batch/**/*.ts', above: ['construct'], says: 'lookups/batch/ sits below the construct base (lookups/construct/)' },
    { rooms: 'construct/**/*.ts', above: [], says: '' },
  ].map(({ rooms, above, says }) => ({
    files: [`src/lookups/${rooms}`],
    rules: restrict(
      folder(
        ['clouds', ...CLOUDS, 'policy', 'registry'],
        'lookups/ sits below the clouds and policy/: a cloud declares its kind to lookups/kind-table.ts, policy listens through lookups/batch/on-first-lookup.ts, the worker entry is handed to lookups/worker/bridge.ts',
      ),
      ...(above.length > 0 ? [folder(above, says)] : []),
      ...NO_TESTING_OR_CLI,
    ),
  })),
  ...CLOUDS.map((cloud) => ({
    files: [`src/clouds/${cloud}/**/*.ts`],
    rules: restrict(
      folder(
        CLOUDS.filter((c) => c !== cloud),
        `a cloud never imports another cloud: move what ${cloud} shares with it to core/`,
      ),
      folder(['policy', 'registry'], 'a cloud imports core/ and lookups/ only: what knows every cloud lives in registry/'),
      ...NO_TESTING_OR_CLI,
    ),
  })),
  {
    files: ['src/policy/**/*.ts'],
    rules: restrict(folder(['registry'], 'policy/ never imports registry/: the registry sits above the clouds and policy'), ...NO_TESTING_OR_CLI),
  },
  { files: ['src/registry/**/*.ts'], rules: restrict(...NO_TESTING_OR_CLI) },
);
