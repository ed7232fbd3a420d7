export * from './ledger-export';
export * from './ledger-export-format';
