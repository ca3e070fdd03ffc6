// The build-time constant (config/index.ts defineConstants) as the weapp build would set it.
(globalThis as { API_BASE?: string }).API_BASE = 'http://api.test';
