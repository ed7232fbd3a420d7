export * from './qldb-to-aurora-migration';
