export * from './mapping';
export * from './generators';
