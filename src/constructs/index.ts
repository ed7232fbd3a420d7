export * from './ledger-export';
export * from './migration-target-schema';
