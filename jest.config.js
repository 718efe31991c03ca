/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { '^cdktf-headroom$': '<rootDir>/src/index.ts', '^cdktf-headroom/testing$': '<rootDir>/src/testing/index.ts' },
  testTimeout: 30000,
  // Rebuilds lib/ (which workers and child processes run) when src/ is newer: no stale code.
  globalSetup: '<rootDir>/test/_helpers/build-if-stale.js',
  setupFilesAfterEnv: ['<rootDir>/test/_helpers/record-file-env.ts', '<rootDir>/test/_helpers/lookup-worker.ts'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
