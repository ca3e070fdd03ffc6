export * from './topics';
export * from './views';
export * from './schemas';
export * from './values';
