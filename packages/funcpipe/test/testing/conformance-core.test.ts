// FuncPipe's own pieces pass the public conformance kit (every subject of core-subjects.ts).
import { test } from 'node:test';
import { checkConformance } from '../../src/testing/index.js';
import { CORE_SUBJECTS } from './core-subjects.js';

const numRuns = Number(process.env['FUNCPIPE_CONFORMANCE_RUNS'] ?? 60);

for (const [name, subject] of Object.entries(CORE_SUBJECTS)) {
  test(`conformance: ${name}`, async (t) => {
    const stats = await checkConformance(name, subject.build, { numRuns, ...subject.options });
    t.diagnostic(JSON.stringify(stats));
  });
}
