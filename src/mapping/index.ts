export * from './column-type';
export * from './source';
export type { PathSegment } from './source-path';
export * from './table-mapping';
export * from './policies';
export * from './ledger-mapping';
