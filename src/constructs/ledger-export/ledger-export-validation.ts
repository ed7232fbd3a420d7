import { Duration, Token } from 'aws-cdk-lib';

/** QLDB's ledger name rule (API model): 1 to 32 letters, digits and single hyphens, not all digits, no hyphen at an end. */
const LEDGER_NAME = /^(?!^.*--)(?!^[0-9]+$)(?!^-)(?!.*-$)[A-Za-z0-9-]{1,32}$/;
const PREFIX = /^[A-Za-z0-9!_.*'()\/-]*$/;

/** The most ranges one execution may split the journal into. */
export const MAX_EXPORT_COUNT = 100;
/** The most exports the workflow runs at once (QLDB allows 2 per ledger unless the quota was raised). */
export const MAX_CONCURRENT_EXPORTS = 20;

export function validateLedgerName(ledgerName: string, prop = 'LedgerExport ledgerName'): void {
  if (!Token.isUnresolved(ledgerName) && !LEDGER_NAME.test(ledgerName)) {
    throw new Error(
      `${prop} ${JSON.stringify(ledgerName)}: a QLDB ledger name is 1 to 32 letters, digits and ` +
        'hyphens, not all digits, without a hyphen at either end or two in a row',
    );
  }
}

export function validateIntegerProp(name: string, value: number | undefined, min: number, max: number, construct = 'LedgerExport'): void {
  if (value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
    throw new Error(`${construct} ${name} ${value}: must be an integer from ${min} to ${max}`);
  }
}

export function validateExportPrefix(prefix: string | undefined, prop = 'LedgerExport exportPrefix'): void {
  if (prefix === undefined || Token.isUnresolved(prefix)) {
    return;
  }
  if (!PREFIX.test(prefix) || prefix.startsWith('/') || prefix.includes('..') || prefix.includes('//') || (prefix !== '' && !prefix.endsWith('/'))) {
    throw new Error(
      `${prop} ${JSON.stringify(prefix)}: must be empty or a key prefix ending in "/" of letters, digits ` +
        "and !_.*'()/- (no leading \"/\", \"..\" or \"//\")",
    );
  }
}

export function validatePollInterval(pollInterval: Duration | undefined): void {
  if (pollInterval === undefined || pollInterval.isUnresolved()) {
    return;
  }
  const seconds = pollInterval.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 5 || seconds > 3600) {
    throw new Error(`LedgerExport pollInterval ${pollInterval.toHumanString()}: must be a whole number of seconds from 5 seconds to 1 hour`);
  }
}
