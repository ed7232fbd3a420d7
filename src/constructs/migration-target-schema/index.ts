export * from './migration-target-schema';
