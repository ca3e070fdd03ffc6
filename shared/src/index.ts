export * from './roles';
export * from './kinds';
export * from './lifecycle';
export * from './numbering/request-number';
export * from './schemas';
export * from './format';
export * from './time';
export * from './api-types';
