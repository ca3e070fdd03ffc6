export * from './register-match';
