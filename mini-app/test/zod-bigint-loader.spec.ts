import vm from 'node:vm';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { guardBigInt } = require('../config/zod-bigint-loader.cjs') as { guardBigInt: (source: string) => string };

/** Runs a script in a context without BigInt and returns what it left in `result`. */
function runWithoutBigInt(source: string): unknown {
  const context = vm.createContext({});
  vm.runInContext('delete globalThis.BigInt', context);
  vm.runInContext(source, context);
  return (context as { result?: unknown }).result;
}

describe('zod-bigint-loader', () => {
  const moduleScope = 'var result = { int64: [BigInt("-9223372036854775808"), BigInt("9223372036854775807")] };';

  it('lets a module-scope BigInt call run where there is no BigInt', () => {
    expect(() => runWithoutBigInt(moduleScope)).toThrow(/BigInt is not defined/);
    // Numbers stand in: no value is a bigint there, so nothing is ever compared with them.
    expect(runWithoutBigInt(guardBigInt(moduleScope))).toEqual({
      int64: [Number('-9223372036854775808'), Number('9223372036854775807')],
    });
  });

  it('still calls the native BigInt where there is one', () => {
    const context = vm.createContext({});
    vm.runInContext(guardBigInt('var result = BigInt("18446744073709551615");'), context);
    expect((context as { result?: unknown }).result).toBe(BigInt('18446744073709551615'));
  });

  it('rewrites calls of the global only, not members or longer names', () => {
    const out = guardBigInt('a(BigInt(1)); x.BigInt(2); isBigInt(3); $BigInt(4); "BigInt cannot";');
    expect(out).toContain('a(__linliBigInt(1));');
    expect(out).toContain('x.BigInt(2); isBigInt(3); $BigInt(4); "BigInt cannot";');
  });

  it('keeps a leading "use strict" first, and the line count', () => {
    const source = '"use strict";\nconst x = BigInt(1);\n';
    const out = guardBigInt(source);
    expect(out.startsWith('"use strict";var __linliBigInt')).toBe(true);
    expect(out.split('\n')).toHaveLength(source.split('\n').length);
  });

  it('leaves a module without BigInt calls unchanged', () => {
    expect(guardBigInt('export const a = typeof b === "bigint";')).toBe('export const a = typeof b === "bigint";');
  });
});
