export * from './ledger-full-load';
export * from './glue-worker-type';
