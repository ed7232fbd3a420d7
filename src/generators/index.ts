export * from './migration-sql';
export type { TargetDdlOptions } from './target-ddl';
