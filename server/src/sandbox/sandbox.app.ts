import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { redactUrl } from '../common/logging/redact-url';
import { registerControlRoutes } from './control.routes';
import { SandboxState } from './sandbox.state';
import type { SandboxOptions } from './sandbox.types';
import { authRoutes } from './wechat-auth.routes';
import { messageRoutes } from './wechat-messages.routes';
import { phoneRoutes } from './wechat-phone.routes';
import { Delays, registerWechatRoute } from './wechat-route';
import { userRoutes } from './wechat-users.routes';
import { wxacodeRoutes } from './wechat-wxacode.routes';

/** A Fastify app speaking WeChat's server API (plus /__sandbox control endpoints), not yet listening. */
export function createSandboxApp(options: SandboxOptions = {}): FastifyInstance {
  const app = Fastify({ logger: redactingLogger(options.logger) });
  const state = new SandboxState(options);

  // WeChat reads the body whatever Content-Type says and answers bad JSON with its own
  // errcode, not HTTP 400/415, so every body arrives as raw text and routes parse it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const delays = new Delays();
  app.addHook('preClose', (done) => {
    delays.cancelAll();
    done();
  });
  for (const route of [
    ...authRoutes(state),
    ...messageRoutes(state),
    ...userRoutes(state),
    ...phoneRoutes(state),
    ...wxacodeRoutes(state),
  ]) {
    registerWechatRoute(app, state, route, { faults: options.faults, delays });
  }
  registerControlRoutes(app, state);
  return app;
}

/**
 * The calls WeChat receives carry access tokens and login codes, and pushes carry signatures:
 * when the sandbox logs, its request lines show those values redacted.
 */
function redactingLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      ...options.serializers,
      req: (request: FastifyRequest) => ({ method: request.method, url: redactUrl(request.url), host: request.host }),
    },
  };
}
