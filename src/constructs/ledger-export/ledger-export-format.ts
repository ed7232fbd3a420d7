/** The format ExportJournalToS3 writes the journal in. */
export enum LedgerExportFormat {
  /** Ion text (QLDB's default): every hash can be verified. */
  ION_TEXT = 'ION_TEXT',
  /** Ion binary: every hash can be verified; the most compact. */
  ION_BINARY = 'ION_BINARY',
  /** JSON Lines: types are lost, so only chain-level verification is possible. */
  JSON = 'JSON',
}
