import cliProgress from 'cli-progress';
import type { ProgressFn } from '../core/progress.js';

/**
 * A progress bar per stage on stderr (stdout stays clean for JSON output). On a non-TTY stream (CI, pipes) it
 * prints one line per stage every few seconds instead of redrawing.
 */
export function progressBars(stream: NodeJS.WritableStream = process.stderr): { progress: ProgressFn; stop: () => void } {
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  const multi = tty
    ? new cliProgress.MultiBar(
        { stream: stream as NodeJS.WriteStream, format: ' {stage} [{bar}] {value}/{total} {detail}', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastLine = new Map<string, number>();
  const progress: ProgressFn = (e) => {
    if (multi) {
      let bar = bars.get(e.stage);
      if (!bar) {
        bar = multi.create(e.total, 0, { stage: e.stage.padEnd(24), detail: '' });
        bars.set(e.stage, bar);
      }
      bar.setTotal(e.total);
      bar.update(e.done, { stage: e.stage.padEnd(24), detail: e.detail ?? '' });
      return;
    }
    const now = Date.now();
    if (e.done >= e.total || now - (lastLine.get(e.stage) ?? 0) > 5000) {
      lastLine.set(e.stage, now);
      stream.write(`${e.stage}: ${e.done}/${e.total}${e.detail ? ` ${e.detail}` : ''}\n`);
    }
  };
  return { progress, stop: () => multi?.stop() };
}
