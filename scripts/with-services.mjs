// Runs one command with the test services up (the same throwaway PostgreSQL `npm test` starts),
// for running a single test file while developing:
//   npm run with-services -- npx tsx --test packages/io/test/postgres/from-query.test.ts
// The services are stopped when the command ends, fails or is interrupted.
import { spawn } from 'node:child_process';
import { withServices } from './services.mjs';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: node scripts/with-services.mjs <command> [args...]');
  process.exit(2);
}
const status = await withServices(
  (env, interrupted) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
      interrupted.addEventListener('abort', () => child.kill(interrupted.reason));
      child.on('error', (error) => {
        console.error(error.message);
        resolve(127);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    }),
);
process.exit(status);
