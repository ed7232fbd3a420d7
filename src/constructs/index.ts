export * from './ledger-export';
export * from './migration-target-schema';
export * from './ledger-full-load';
export * from './ledger-change-stream';
export * from './qldb-to-aurora-migration';
