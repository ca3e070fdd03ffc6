import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/config';

/**
 * The hashes of the inline scripts in the h5 app's index.html (Taro's rem sizing script), so
 * the CSP can allow exactly those without allowing inline script in general.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (match[1].trim()) hashes.push(`'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The policy the h5 app works under: everything from our own origin; photos come from
 * /api/photos (signed links, same origin) and previews are data: or blob: URLs; styles stay
 * inline-capable because Taro and NutUI set style attributes and inject <style> at run time.
 * Swagger UI (development) runs under it too: its page has no inline script.
 */
export function contentSecurityPolicy(config: Pick<AppConfig, 'env'>, scriptHashes: string[]) {
  return {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'script-src': ["'self'", ...scriptHashes],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'media-src': ["'self'", 'blob:'],
      'font-src': ["'self'", 'data:'],
      // Taro's h5 uploadFile reads the picked photo back from its blob: URL before sending it.
      'connect-src': ["'self'", 'blob:'],
      'object-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
      'script-src-attr': ["'none'"],
      // Over plain http (a laptop, a LAN demo) upgrading would break every subresource.
      ...(config.env === 'production' ? { 'upgrade-insecure-requests': [] } : {}),
    },
  };
}

/** Helmet's headers on every answer: API, h5 app, docs and errors alike. */
export async function registerSecurityHeaders(
  app: NestFastifyApplication,
  config: Pick<AppConfig, 'env' | 'h5DistDir'>,
): Promise<void> {
  const index = config.h5DistDir ? join(config.h5DistDir, 'index.html') : null;
  const hashes = index && existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
  await app.register(helmet as unknown as Parameters<NestFastifyApplication['register']>[0], {
    contentSecurityPolicy: contentSecurityPolicy(config, hashes),
    // Signed photo links must not travel to other sites in a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS over plain http is ignored by browsers, and on localhost it would only get in the way.
    strictTransportSecurity: config.env === 'production' ? { maxAge: 180 * 24 * 60 * 60 } : false,
  });
}
