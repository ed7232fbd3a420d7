import { CheckName, CheckResult, CheckStatus, describeLocation } from './check-result';

/** Counts of check outcomes, by check and status. */
export type CheckCounts = { [check in CheckName]?: { [status in CheckStatus]?: number } };

/** The result of a verification run: data, never an exception. */
export interface VerificationReport {
  /** True when no check failed (some may be not-run or not-verifiable: see counts). */
  readonly verified: boolean;
  /** The first failed check in input order, with its location and expected vs actual values. */
  readonly firstFailure?: CheckResult;
  /** Every check outcome recorded (passed ones only when kept; see VerificationRecorderOptions). */
  readonly results: readonly CheckResult[];
  readonly counts: CheckCounts;
  /** The first result of each check and status that did not pass (kept even when `results` is capped). */
  readonly examples: CheckExamples;
}

/** The first result of each check and status other than passed. */
export type CheckExamples = { [check in CheckName]?: { [status in CheckStatus]?: CheckResult } };

export interface VerificationRecorderOptions {
  /**
   * Keep the results of passed checks in `results` (counts are always kept). Turn off for large exports.
   * @default true
   */
  readonly keepPassed?: boolean;
  /**
   * Keep at most this many results in `results` (counts, the first failure and `examples` are always kept), so
   * that memory stays bounded on exports where every block has a not-run check (JSON).
   * @default - no limit
   */
  readonly maxKeptResults?: number;
}

/** Collects check results in order and remembers the first failure. */
export class VerificationRecorder {
  private readonly keepPassed: boolean;
  private readonly maxKept: number;
  private readonly kept: CheckResult[] = [];
  private readonly counts: CheckCounts = {};
  private readonly examples: CheckExamples = {};
  private first?: CheckResult;

  constructor(options: VerificationRecorderOptions = {}) {
    this.keepPassed = options.keepPassed ?? true;
    this.maxKept = options.maxKeptResults ?? Number.POSITIVE_INFINITY;
  }

  public record(result: CheckResult): CheckResult {
    const byStatus = (this.counts[result.check] ??= {});
    byStatus[result.status] = (byStatus[result.status] ?? 0) + 1;
    if ((result.status !== 'passed' || this.keepPassed) && this.kept.length < this.maxKept) {
      this.kept.push(result);
    }
    if (result.status !== 'passed') {
      const examples = (this.examples[result.check] ??= {});
      examples[result.status] ??= result;
    }
    if (result.status === 'failed' && this.first === undefined) {
      this.first = result;
    }
    return result;
  }

  public get firstFailure(): CheckResult | undefined {
    return this.first;
  }

  public report(): VerificationReport {
    return {
      verified: this.first === undefined,
      ...(this.first === undefined ? {} : { firstFailure: this.first }),
      results: [...this.kept],
      counts: JSON.parse(JSON.stringify(this.counts)),
      examples: Object.fromEntries(Object.entries(this.examples).map(([check, byStatus]) => [check, { ...byStatus }])),
    };
  }
}

/** One line per failed, not-run or not-verifiable result, plus totals: for logs and the CLI. */
export function summarizeReport(report: VerificationReport): string {
  const lines: string[] = [];
  for (const [check, byStatus] of Object.entries(report.counts)) {
    const parts = Object.entries(byStatus!).map(([status, count]) => `${count} ${status}`);
    lines.push(`${check}: ${parts.join(', ')}`);
  }
  if (report.firstFailure) {
    const failure = report.firstFailure;
    lines.push(`FIRST FAILURE: ${failure.check} at ${describeLocation(failure.location)}: ${failure.message}`);
  }
  return lines.join('\n');
}
