/*
 * Which RDS Data API errors are worth another attempt (names from the API reference's error lists):
 *   DatabaseResumingException    - an auto-paused Aurora Serverless v2 instance is resuming: wait and retry;
 *   DatabaseUnavailableException - the writer instance is not available (504), e.g. during a failover;
 *   ServiceUnavailableError      - the service is not available (503);
 *   InternalServerErrorException - an internal error (500);
 *   TransactionNotFoundException - the transaction expired or was aborted by an earlier failure; the whole
 *                                  transaction is run again from BeginTransaction, so this is retryable there;
 *   throttling (ThrottlingException, TooManyRequestsException, HTTP 429) and lost connections (no HTTP response);
 *   DatabaseErrorException for a serialization failure or a deadlock (SQLSTATE 40001, 40P01), which concurrent
 *   consumers of different shards can meet on the same documents.
 * Everything else (a SQL error, BadRequestException, access and secret errors, StatementTimeoutException) is final.
 */

const TRANSIENT_NAMES = new Set([
  'DatabaseResumingException',
  'DatabaseUnavailableException',
  'ServiceUnavailableError',
  'InternalServerErrorException',
  'TransactionNotFoundException',
  'ThrottlingException',
  'TooManyRequestsException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

export function isTransientDataApiError(error: unknown): boolean {
  const e = (error ?? {}) as SdkError;
  if (e.name !== undefined && TRANSIENT_NAMES.has(e.name)) {
    return true;
  }
  if (e.$retryable?.throttling || e.$metadata?.httpStatusCode === 429) {
    return true;
  }
  if (e.name === 'DatabaseErrorException') {
    return /SQLState: (40001|40P01)|deadlock detected|could not serialize access/.test(e.message ?? '');
  }
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) {
    return true;
  }
  return /socket hang up|ECONNRESET|EPIPE|TimeoutError/.test(`${e.name ?? ''} ${e.message ?? ''}`);
}
