/**
 * Computes the small CI study (seed/ci-small.json) once, before any test file runs, into the store that the API
 * and browser tests share (ARSA_API_TEST_DATA, default <tmpdir>/arsa-api-ci-small). Without it two test files
 * would compute the same study in parallel on a fresh machine. A warm store makes this a read.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/src/config/config.js';
import { createStudyService } from '../server/src/study/study-service.js';

export default async function setup(): Promise<void> {
  const data = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
  process.env.ARSA_API_TEST_DATA = data;
  const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: data, ARSA_STORE: join(data, 'store.sqlite') });
  const t0 = Date.now();
  const study = await createStudyService(config);
  let last = '';
  try {
    await study.precompute((e) => {
      if (e.done >= e.total && e.stage !== last) {
        last = e.stage;
        process.stderr.write(`[global setup] ci-small ${e.stage}: ${e.done}/${e.total}\n`);
      }
    });
  } finally {
    await study.close();
  }
  process.stderr.write(`[global setup] ci-small study ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${data})\n`);
}
