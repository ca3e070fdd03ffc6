export * from './settings';
export * from './categories';
