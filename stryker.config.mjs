// Mutation testing (`npm run mutate`, issue #17): Stryker changes the code that decides
// verdicts and signatures one small edit at a time (a `>=` into `>`, a `* 1000` into
// `/ 1000`) and runs the tests that cover it; a change no test notices ("survived") is
// behaviour nothing pins down. See docs/mutation.md for the scope, the scores and the
// mutants left alive on purpose.
//
// One module while iterating:  npm run mutate -- --mutate src/policy/rule.ts
// Not in CI: the whole scope takes a good while on a small machine.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jestConfig = require('./jest.config.js');

// MUTATE_TESTS='test/policy/rule*.test.ts' runs only those test files (globs, space
// separated): a quick, lower-bound score while writing tests for one module.
const only = (process.env.MUTATE_TESTS ?? '').split(/\s+/).filter(Boolean);

/** The modules that decide verdicts and signatures. */
const scope = [
  'src/policy/rule.ts',
  'src/policy/headroom.ts',
  'src/policy/number-input.ts',
  'src/policy/suppressions.ts',
  'src/clouds/qingcloud/signer.ts',
  'src/clouds/ucloud/signer.ts',
  'src/clouds/huaweicloud/signer.ts',
  // Each cloud's answer decoding, and the decode kit they share.
  'src/core/decode.ts',
  'src/clouds/qingcloud/schema.ts',
  'src/clouds/ucloud/schema.ts',
  'src/clouds/huaweicloud/schema.ts',
  // Gate verdicts and the exit codes of `cdktf-headroom check`. gate.ts and
  // gate-registry.ts also build the construct and the plan check: only the line ranges
  // that decide a finding's status, whether it blocks, and what synth is told
  // (docs/mutation.md names the methods; move the ranges with the code when it changes).
  'src/policy/gate.ts:186-199',
  'src/policy/gate.ts:240-336',
  'src/policy/gate-registry.ts:91-172',
  'src/policy/gate-report.ts',
  'src/policy/check-report.ts',
  'src/policy/fail-on-warnings.ts',
  // Retries, paging, the endpoint limiter, the lookup record's entries.
  'src/core/retry.ts',
  'src/core/pagination.ts',
  'src/core/endpoint-limiter.ts',
  // The transport's classification only: what a failed attempt counts as (throttled,
  // retryable, the cost of its retry) and what follows (the wait, the budget, the words
  // added to the error); the rest of the file is I/O. Line ranges: update them when the
  // file changes.
  'src/core/transport.ts:228-251',
  'src/core/transport.ts:389-413',
  'src/lookups/record/entry.ts',
  // Each cloud's error classification: which error class and code a failed answer is,
  // and whether it is retried or throttled.
  'src/clouds/qingcloud/errors.ts',
  'src/clouds/ucloud/errors.ts',
  'src/clouds/huaweicloud/errors.ts',
  // What a Terraform plan adds to and frees of a headroom (`check --plan`).
  'src/policy/plan-accounting.ts',
  // A runway rule's trend and verdict (Theil-Sen, steps, too little history, days left).
  'src/policy/trend.ts',
  'src/policy/rules/runway.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: scope,
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    config: {
      ...jestConfig,
      // src/ too, not only test/: jest knows a file's imports only for files under its
      // roots, so with test/ alone "related tests" were only the tests that import a
      // mutated module directly, and a module reached through another (rules/runway.ts
      // through rule.ts) had none ("No tests were found").
      roots: ['<rootDir>/test', '<rootDir>/src'],
      // Transpile only: the TypeScript checker below already type-checks every mutant,
      // so ts-jest need not do it again for each test file.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.mutate.json' }] },
      ...(only.length ? { testMatch: only.map((glob) => `<rootDir>/${glob}`) } : {}),
      // Tests that run the library in child processes (the CLI, cdktf synth, the
      // examples) cannot see a mutant, which lives in this process: leave them out.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cli/', '<rootDir>/test/examples/'],
    },
    // Run only the test files that import the mutated module (directly or not).
    enableFindRelatedTests: true,
  },
  // Per test: a mutant runs only the tests that reached its code.
  coverageAnalysis: 'perTest',
  // A mutant reached both while a test file loads (a beforeAll building a whole app) and
  // by tests runs only those tests; one reached only while modules load (a constant at
  // the top of a file) is left out of the score ("ignored"): running every related test
  // for each would make a module take hours. docs/mutation.md lists what that leaves out.
  ignoreStatic: true,
  // Mutants that do not compile are reported as such and never run. Checking src only
  // (tsconfig.build.json) is what keeps the checker from being the slowest step.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.build.json',
  // The machine is shared: one test process at a time.
  concurrency: 1,
  // Generous: on a loaded machine a short timeout restarts the runner (slow) and counts
  // a mutant as killed that no test caught.
  timeoutMS: 15000,
  // Reuse the results of mutants whose code and tests did not change since the last run
  // (reports/stryker-incremental.json): a second run after adding tests takes minutes.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  ignorePatterns: ['cdktf.out', 'coverage', 'reports', 'bench/out', '**/.terraform'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
