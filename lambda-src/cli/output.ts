/**
 * Where a command writes: people read stderr for progress and stdout for results; with `--json` the last line of
 * stdout is one JSON object.
 */
export class Output {
  constructor(public readonly json: boolean, private readonly stdout = process.stdout, private readonly stderr = process.stderr) {}

  /** A progress or status line (stderr). */
  progress(line: string): void {
    this.stderr.write(line + '\n');
  }

  /** Result text for people (stdout), suppressed in JSON mode. */
  text(text: string): void {
    if (!this.json) {
      this.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
  }

  /** The machine-readable summary: one line of JSON on stdout, only in JSON mode. */
  summary(value: unknown): void {
    if (this.json) {
      this.stdout.write(JSON.stringify(value) + '\n');
    }
  }
}

/** Renders rows as an aligned text table: numbers right-aligned, text left-aligned. */
export function formatTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || /^-?\d+(\.\d+)?$/.test(String(r[i]))));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
