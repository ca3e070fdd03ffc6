export * from './statuses';
export * from './actions';
export * from './machine';
export * from './callback';
export * from './visibility';
export * from './first-reply';
