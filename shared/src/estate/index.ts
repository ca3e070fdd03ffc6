export * from './room-pattern';
export * from './views';
