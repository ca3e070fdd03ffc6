import { z } from 'zod';

/**
 * Imported first by clients that must not evaluate strings as code: the h5 app runs under a
 * CSP without 'unsafe-eval', and WeChat's mini-program runtime forbids eval. Zod otherwise
 * probes with `new Function("")` while building each object schema (at import of the shared
 * schemas, hence a module of its own, imported before them), which the browser reports as a
 * violation. Jitless parsing is the same validation without the generated fast path; the
 * server, which may eval, does not import this.
 */
z.config({ jitless: true });
