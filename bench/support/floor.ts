import type { Pool, PoolConnection } from 'mysql2/promise';

/**
 * A route of the floor server: what the product's endpoint must do in the database at least,
 * with nothing around it (no framework, no ORM, no access checks beyond the SQL's own).
 */
export interface FloorRoute {
  method: 'GET' | 'POST';
  /** Matched against the path without the query; groups become `params`. */
  path: RegExp;
  handle(request: FloorRequest): Promise<FloorAnswer>;
}

export interface FloorRequest {
  pool: Pool;
  params: string[];
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FloorAnswer {
  status: number;
  body: unknown;
}

/** A module of floor routes, named on the floor server's command line. */
export interface FloorModule {
  /** Runs once at start: reference data a real server would cache, read before any request. */
  prepare?(pool: Pool): Promise<void>;
  routes: FloorRoute[];
}

/** One transaction on one pooled connection: committed when `work` returns, rolled back when it throws. */
export async function transaction<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    try {
      const result = await work(connection);
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw error;
    }
  } finally {
    connection.release();
  }
}

/** A refusal the floor answers with (409 for a step on a request in the wrong state, 404…). */
export class FloorRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
