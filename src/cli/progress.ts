// Ingest progress: a live line on a terminal, plain periodic lines when piped (so logs stay readable).

import type { Counts } from "../pipeline/ingest-job.js";

export class Progress {
  private readonly started = Date.now();
  private last = Date.now(); // the first plain line comes after two seconds: short runs print only the summary
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {}

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  line(c: Counts): string {
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? Math.round(c.read / secs) : 0;
    return `${c.read} articles read, ${c.stored} stored, ${c.analyzed} analysed, ${c.linked} in stories, ${rate} articles/s, ${c.rejected} rejected`;
  }

  update(c: Counts): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < (this.tty ? 100 : 2000)) return;
    this.last = now;
    if (this.tty) {
      this.stream.write(`\r\x1b[K${this.line(c)}`);
      this.drawn = true;
    } else this.stream.write(`progress: ${this.line(c)}\n`);
  }

  /** Clears the live line before another message is printed. */
  clear(): void {
    if (this.drawn && this.tty) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }

  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
