export * from './ledger-change-stream';
