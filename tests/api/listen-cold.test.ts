/**
 * Issue 12 item 2, kept through the several-studies merge: the server must listen before a cold study has
 * computed anything that summary() reads (its brain data). Serving several studies first read every study's id
 * through summary(), which on a cold store waited for the whole upstream computation, so `npm start` answered
 * nothing for minutes. A study that knows its id (studyId) must never have its summary read before listening.
 */
import { describe, expect, it } from 'vitest';
import { FakeStudy } from './fake-study.js';
import { start } from './harness.js';

class ColdStudy extends FakeStudy {
  readonly studyId = 'cold-study';
  summaryCalls = 0;
  override summary(): ReturnType<FakeStudy['summary']> {
    this.summaryCalls++;
    return new Promise(() => {}); // a cold study: its summary waits for the computation
  }
}

describe('listening before a cold study is computed', () => {
  it('answers /health without reading any summary', async () => {
    const cold = new ColdStudy();
    const c = await start({ study: cold, studies: [] });
    try {
      const r = await c.get('/health');
      expect(r.status).toBe(200);
      // It lists the served study by the id it knows, not through its summary.
      const body = (await r.json()) as { ok: boolean; studies: { id: string; computed: boolean }[] };
      expect(body.ok).toBe(true);
      expect(body.studies.map((s) => s.id)).toEqual(['cold-study']);
      expect(cold.summaryCalls).toBe(0);
    } finally {
      await c.close();
    }
  });
});
