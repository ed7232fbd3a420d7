export * from './mapping';
export * from './generators';
export * from './constructs';
