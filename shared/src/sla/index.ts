export * from './calendar';
export * from './policies';
export * from './schemas';
export * from './escalation';
