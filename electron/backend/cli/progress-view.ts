/** Progress bars for `grym run` on a TTY; plain lines otherwise. */
import cliProgress from 'cli-progress';
import type { EngineEvent } from '../../../shared/events.ts';

function fmtEta(ms: number | null): string {
  if (ms === null) return '?';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export class ProgressView {
  private multi: cliProgress.MultiBar | undefined;
  private total: cliProgress.SingleBar | undefined;
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  constructor(private readonly tty: boolean) {}

  handle(e: EngineEvent): void {
    if (!this.tty) {
      if (e.type === 'node.failed') process.stderr.write(`✗ ${e.nodeId}: ${e.error.code} ${e.error.message}\n`);
      if (e.type === 'node.retrying') process.stderr.write(`↻ ${e.nodeId}: attempt ${e.attempt} in ${Math.round(e.delayMs)} ms (${e.error.code})\n`);
      return;
    }
    if (e.type === 'run.started') {
      this.multi = new cliProgress.MultiBar(
        { format: ' {name} |{bar}| {percentage}% {status}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 30 },
        cliProgress.Presets.shades_classic,
      );
      this.total = this.multi.create(e.nodeCount, 0, { name: 'run'.padEnd(16), status: `ETA ${fmtEta(e.etaMs)}` });
      return;
    }
    if (!this.multi) return;
    if (e.type === 'run.progress') this.total?.update(e.done, { status: `${e.done}/${e.total} ETA ${fmtEta(e.etaMs)}` });
    if (e.type === 'node.started') {
      const bar = this.bars.get(e.nodeId) ?? this.multi.create(100, 0, { name: e.nodeId.slice(0, 16).padEnd(16), status: 'running' });
      this.bars.set(e.nodeId, bar);
      bar.update(0, { status: e.attempt > 1 ? `attempt ${e.attempt}` : 'running' });
    }
    if (e.type === 'node.progress') this.bars.get(e.nodeId)?.update(Math.round(e.fraction * 100));
    if (e.type === 'node.completed' || e.type === 'node.cached' || e.type === 'node.failed' || e.type === 'node.cancelled') {
      const bar = this.bars.get(e.nodeId);
      const status = e.type === 'node.completed' ? 'done' : e.type === 'node.cached' ? 'cached' : e.type === 'node.failed' ? `failed ${e.error.code}` : 'cancelled';
      if (bar) {
        bar.update(100, { status });
        this.multi.remove(bar);
        this.bars.delete(e.nodeId);
      }
      if (e.type === 'node.failed') this.multi.log(`✗ ${e.nodeId}: ${e.error.code} ${e.error.message}\n`);
    }
    if (e.type === 'run.completed' || e.type === 'run.failed' || e.type === 'run.cancelled') this.multi.stop();
  }
}
