import { describe, expect, it } from 'vitest';
import { runWorkerJob } from '../../../server/src/core/worker-job.js';

/** The one worker-job wrapper behind the draws, encoding, searchlight and simulation workers. */
const worker = (code: string): URL => new URL(`data:text/javascript,${encodeURIComponent(code)}`);
const POST = "import { parentPort, workerData } from 'node:worker_threads';";

describe('runWorkerJob', () => {
  it('resolves with the first message by default, or with what onMessage picks; progress messages pass through', async () => {
    expect(await runWorkerJob<number>(worker(`${POST} parentPort.postMessage(workerData * 2);`), 21, 'test')).toBe(42);
    const seen: number[] = [];
    const r = await runWorkerJob<string>(worker(`${POST} for (let i = 1; i <= 3; i++) parentPort.postMessage({ done: i }); parentPort.postMessage({ result: 'ok' });`), null, 'test', (m) => {
      const msg = m as { done?: number; result?: string };
      if (msg.result !== undefined) return { result: msg.result };
      seen.push(msg.done!);
      return undefined;
    });
    expect(r).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('rejects naming the job when the worker throws or exits early', async () => {
    await expect(runWorkerJob(worker('throw new Error("boom")'), null, 'brain simulation')).rejects.toThrow(/brain simulation worker failed: boom/);
    await expect(runWorkerJob(worker('process.exit(3)'), null, 'searchlight')).rejects.toThrow(/searchlight worker exited with code 3/);
  });
});
