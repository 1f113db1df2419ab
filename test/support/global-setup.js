/**
 * Jest global setup: notes that apply to the whole run, printed once per run (not once per
 * test file or worker).
 */
module.exports = async function globalSetup() {
  if (!process.env.TEST_DATABASE_URL) {
    console.log('\nTEST_DATABASE_URL is not set: PostgreSQL server tests are skipped (PGlite runs). `bash scripts/ci/start-postgres.sh` prints one.');
  }
};
