import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { startTime } from 'pino-http';
import { stdSerializers, type DestinationStream, type Level, type LevelWithSilent } from 'pino';
import PinoPretty from 'pino-pretty';
import type { AppConfig } from '../../config/config';
import { redactUrl } from './redact-url';

/** pino's numeric levels: a line below the configured one is never built. */
const LEVEL_VALUES: Record<LevelWithSilent, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

type RawRequest = IncomingMessage & { id?: string | number; originalUrl?: string };

/**
 * The level a finished request is logged at. Failures and slow answers always reach the log at
 * the default level; a plain success only with `LOG_REQUESTS=all`, at `LOG_LEVEL=debug`, or in
 * the sampled share: at a few hundred requests a second a line per success is most of the CPU
 * a cheap request costs and most of what a log collector stores (docs/configuration.md).
 */
export function requestLogLevel(
  config: Pick<AppConfig, 'logging'>,
  statusCode: number,
  failed: boolean,
  responseTimeMs: number,
  random: () => number = Math.random,
): Level {
  const { requests, slowMs, sampleRate } = config.logging;
  if (failed || statusCode >= 500) return 'error';
  if (slowMs > 0 && responseTimeMs >= slowMs) return 'warn';
  if (statusCode >= 400) return 'info';
  if (requests === 'all' || (sampleRate > 0 && random() < sampleRate)) return 'info';
  return 'debug';
}

/**
 * The nestjs-pino set-up: JSON lines for a log collector, or readable lines (pino-pretty) in a
 * development terminal; one short line per logged request, without headers (tokens, cookies and
 * signed URLs never reach a log either way).
 */
export function loggerParams(config: Pick<AppConfig, 'logLevel' | 'logging'>, stream?: DestinationStream): Params {
  const threshold = LEVEL_VALUES[config.logLevel as LevelWithSilent] ?? LEVEL_VALUES.info;
  // pino-http notes when each request began; the level is decided before it hands over the time.
  const elapsed = (res: ServerResponse) =>
    Date.now() - ((res as ServerResponse & { [startTime]?: number })[startTime] ?? Date.now());
  const options = {
    level: config.logLevel,
    // Fixed fields once, not a child logger per request (pino-http's customProps builds one each time).
    base: { pid: process.pid, hostname: hostname(), service: 'linli-server' },
    // Our serializers read the raw request themselves: pino-http's wrappers would first copy
    // every header into an object on each request, only for most of it to be thrown away.
    wrapSerializers: false,
    serializers: {
      req: (req: RawRequest) => ({
        id: req.id,
        method: req.method,
        // Nest's middleware sees the path below its mount point in `url`; the whole one is kept aside.
        url: redactUrl(req.originalUrl ?? req.url ?? ''),
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: stdSerializers.err,
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error): LevelWithSilent => {
      const level = requestLogLevel(config, res.statusCode, Boolean(error), elapsed(res));
      // 'silent' makes pino-http skip the line before it builds anything for it.
      return LEVEL_VALUES[level] >= threshold ? level : 'silent';
    },
    customSuccessMessage: (req: RawRequest, res: ServerResponse, responseTime: number) =>
      `${req.method} ${redactUrl(req.originalUrl ?? req.url ?? '')} ${res.statusCode} ${responseTime}ms`,
    customErrorMessage: (req: RawRequest, res: ServerResponse, error: Error) =>
      `${req.method} ${redactUrl(req.originalUrl ?? req.url ?? '')} ${res.statusCode} ${error.message}`,
  };
  const destination = stream ?? (config.logging.format === 'pretty' ? prettyStream() : undefined);
  return {
    // Named wildcard: path-to-regexp 8 no longer accepts the bare `*` nestjs-pino defaults to.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: destination ? [options, destination] : options,
  } as Params;
}

/**
 * One readable line per entry for a person at a terminal: time, level, `[context]` and the
 * message; the fields JSON lines carry for machines stay out of the way.
 */
function prettyStream(): DestinationStream {
  return PinoPretty({
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,context,req,res,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
    sync: true,
  });
}
