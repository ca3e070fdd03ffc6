export * from './types';
export * from './schemas';
export * from './summary';
export * from './groups';
