/**
 * A progress line on stderr: redrawn in place on a terminal (at most 4 times a second), or a plain line every
 * 10 seconds when stderr is a file or a pipe, so logs stay readable.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  update(render: (elapsedSeconds: number) => string): void {
    const now = Date.now();
    const tty = this.stream.isTTY === true;
    if (now - this.last < (tty ? 250 : 10_000)) {
      return;
    }
    this.last = now;
    const line = render(this.elapsedSeconds);
    if (tty) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1).padEnd(Math.min(this.stream.columns ?? 120, 120) - 1)}`);
      this.drawn = true;
    } else {
      this.stream.write(line + '\n');
    }
  }

  /** Clears the line on a terminal. */
  done(): void {
    if (this.drawn) {
      this.stream.write('\r' + ' '.repeat(Math.min(this.stream.columns ?? 120, 120) - 1) + '\r');
      this.drawn = false;
    }
  }
}
