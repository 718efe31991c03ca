/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { '^cdktf-headroom$': '<rootDir>/src/index.ts', '^cdktf-headroom/testing$': '<rootDir>/src/testing/index.ts' },
  testTimeout: 30000,
  setupFilesAfterEnv: ['<rootDir>/test/_helpers/record-file-env.ts'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
