// One "server process" of tests/distributed/single-flight.test.ts: the ci-small study service (dist/ build) on a
// PostgreSQL store, firing N concurrent requests for one layer's similarity once the parent writes a line on stdin,
// then printing {"computed": stages it computed itself, "records": the answer} on stdout.
import { createInterface } from 'node:readline';
import { loadConfig } from '../../dist/server/src/config/config.js';
import { createStudyService } from '../../dist/server/src/study/study-service.js';

const [url, layer, n] = process.argv.slice(2);
const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_WORKERS: '1' }, { '--store': url });
const svc = await createStudyService(config);
let computed = 0;
svc.engine.tracker.subscribe(() => {});
const started = svc.engine.tracker.started.bind(svc.engine.tracker);
// The engine reports `started` exactly when this process begins computing a stage (engine.ts compute).
svc.engine.tracker.started = (key, kind, label) => {
  if (kind === 'similarity.layer') computed++;
  started(key, kind, label);
};
process.stdout.write('ready\n');
await new Promise((r) => createInterface({ input: process.stdin }).once('line', r));
const answers = await Promise.all(Array.from({ length: Number(n) }, () => svc.similarities({ sourceKind: 'layer', layer })));
const distinct = new Set(answers.map((a) => JSON.stringify(a)));
process.stdout.write(`${JSON.stringify({ computed, distinct: distinct.size, records: answers[0] })}\n`);
await svc.close();
process.exit(0);
