export * from './calendar';
export * from './policies';
export * from './schemas';
