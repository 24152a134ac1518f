/**
 * Where the real servers for integration tests are. `.ci/services.sh` starts them and prints
 * these variables. Outside CI a missing server skips its suite (so a laptop without MariaDB can
 * still run the rest); under CI a missing server is a failure, never a silent skip.
 */
export type TestServer =
  | 'VIGIL_TEST_PG_URL'
  | 'VIGIL_TEST_PG_WAREHOUSE_URL'
  | 'VIGIL_TEST_MYSQL_URL'
  | 'VIGIL_TEST_CHROMIUM'
  | 'VIGIL_TEST_PROMTOOL';

export function testServer(name: TestServer): string | undefined {
  const value = process.env[name];
  if (!value && process.env.CI) {
    throw new Error(`${name} is not set: run \`eval "$(bash .ci/services.sh)"\` before the tests`);
  }
  return value;
}
