/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 60_000,
  // Run-wide notes (e.g. TEST_DATABASE_URL missing) are printed once here, not in every test file.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // PGlite's WASM and the e2e processes are heavy on 2 cores.
  maxWorkers: 2,
  // A stray handle in one file (a socket a fake server keeps alive) must never hang CI after every test
  // has finished; the files close what they open, this only bounds the exit.
  forceExit: true,
};
