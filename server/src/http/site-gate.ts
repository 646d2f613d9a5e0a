/**
 * Whether the figure site may be served yet. `start` listens before computing (issue 12 item 2): until the
 * study is computed and site/dist (re)built, every site path answers the progress page (progress-page.ts),
 * never a previous study's or a half-built site. The API routes are not gated.
 */
import type { StudyProgress } from '../study/service.js';
import { estimateSecondsLeft, progressPageHtml, type SitePhase, type StudyHealth } from './progress-page.js';

export class SiteGate {
  private phase: SitePhase | 'ready';
  private message: string | undefined;
  private readonly startedMs: number;

  constructor(initial: SitePhase | 'ready' = 'computing', private readonly now: () => number = Date.now) {
    this.phase = initial;
    this.startedMs = now();
  }

  get ready(): boolean { return this.phase === 'ready'; }
  get state(): SitePhase | 'ready' { return this.phase; }

  set(phase: SitePhase | 'ready', message?: string): void {
    this.phase = phase;
    this.message = message;
  }

  /** The progress page for the default study's current progress (and every served study's, when several are). */
  page(progress: StudyProgress, studies?: readonly StudyHealth[]): string {
    const phase = this.phase === 'ready' ? 'building' : this.phase;
    return progressPageHtml({ phase, progress, secondsLeft: estimateSecondsLeft(progress, this.startedMs, this.now()), ...(this.message ? { message: this.message } : {}), ...(studies ? { studies } : {}) });
  }
}
