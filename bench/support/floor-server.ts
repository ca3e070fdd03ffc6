import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { createPool } from 'mysql2/promise';
import { FloorRefusal, type FloorModule, type FloorRoute } from './floor';

/**
 * The floor server, a child process of the bench: `node:http` and a mysql2 pool of the product's
 * size, serving the routes of the modules named on the command line. It stands for what any
 * server must spend on an endpoint (HTTP, JSON, the essential SQL in one transaction), so the
 * product's figures can be read as a ratio to it, measured in the same run on the same machine.
 */
async function main(): Promise<void> {
  const pool = createPool({
    uri: process.env.DATABASE_URL,
    // As the product's TypeORM data source sets them (server/src/database/data-source.ts).
    connectionLimit: Number(process.env.FLOOR_POOL_SIZE ?? 20),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  const routes: FloorRoute[] = [];
  for (const path of process.argv.slice(2)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the modules are named at run time
    const { floorModule } = require(resolve(path)) as { floorModule: FloorModule };
    await floorModule.prepare?.(pool);
    routes.push(...floorModule.routes);
  }

  const server = createServer((request, response) => {
    void serve(routes, pool, request, response);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  const stop = () => server.close(() => void pool.end().finally(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function serve(
  routes: FloorRoute[],
  pool: ReturnType<typeof createPool>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const answer = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  try {
    const url = new URL(request.url ?? '/', 'http://floor');
    if (url.pathname === '/health') return answer(200, { status: 'ok' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    for (const route of routes) {
      if (route.method !== request.method) continue;
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      const result = await route.handle({
        pool,
        params: match.slice(1),
        query: url.searchParams,
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      });
      return answer(result.status, result.body);
    }
    answer(404, { code: 'NOT_FOUND' });
  } catch (error) {
    if (error instanceof FloorRefusal) return answer(error.status, { code: 'REFUSED', message: error.message });
    console.error(error);
    answer(500, { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
