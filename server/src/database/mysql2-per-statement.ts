/**
 * Two costs mysql2 3.24 adds to every statement TypeORM sends, which a profile of the create
 * load found at ~10% of the API's CPU (docs/performance.md):
 * - TypeORM calls `connection.promise()` per statement, and mysql2 answers with a `require` of its
 *   promise wrapper and a fresh wrapper (an EventEmitter with two listeners) each time. The
 *   wrapper holds nothing but the connection, so one per connection is kept and handed out again.
 * - With `trace` on (its default) mysql2 captures a stack per statement to decorate errors; the
 *   pool turns it off (`trace: false` in data-source.ts), since TypeORM wraps every failure in a
 *   QueryFailedError carrying the statement anyway.
 */
interface PooledConnection {
  promise(promiseImpl?: PromiseConstructor): object;
}
type Wrapper = new (connection: PooledConnection, promiseImpl?: PromiseConstructor) => object;

const wrappers = new WeakMap<PooledConnection, object>();
const patched = new WeakSet<object>();

/**
 * Patches the prototype of `sample`, a connection of the pool (mysql2 exports neither class, so
 * they are taken from a live one).
 */
export function reusePromiseWrappers(sample: PooledConnection): void {
  const prototype = Object.getPrototypeOf(sample) as PooledConnection;
  if (patched.has(prototype)) return;
  patched.add(prototype);
  const original = prototype.promise;
  const PromiseWrapper = original.call(sample).constructor as Wrapper;
  prototype.promise = function promise(this: PooledConnection, promiseImpl?: PromiseConstructor) {
    if (promiseImpl && promiseImpl !== Promise) return new PromiseWrapper(this, promiseImpl);
    let wrapper = wrappers.get(this);
    if (!wrapper) {
      wrapper = new PromiseWrapper(this);
      wrappers.set(this, wrapper);
    }
    return wrapper;
  };
}
