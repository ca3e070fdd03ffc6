export * from './statuses';
export * from './actions';
export * from './machine';
export * from './callback';
export * from './visibility';
export * from './summary';
export * from './first-reply';
