export * from './fields';
export * from './complaint';
export * from './house';
export * from './auth';
export * from './pagination';
export * from './actions';
export * from './request-forms';
export * from './contact-access';
