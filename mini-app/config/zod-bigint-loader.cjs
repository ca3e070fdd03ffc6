// A webpack loader for zod's modules (config/index.ts applies it to both builds).
//
// zod 4 calls BigInt while its modules load (core/util.js builds the int64/uint64 ranges at module
// scope), and iOS 12/13 have no BigInt: every page threw "Can't find variable: BigInt" before it
// showed. Here each `BigInt(` call in zod goes through a module-local stand-in instead: the native
// BigInt wherever there is one (so nothing changes there), else `Number`. Without BigInt no value
// can be a bigint, so zod's bigint schemas refuse every input either way and the Number ranges are
// never compared; the app declares none. Nothing global is defined, so feature tests elsewhere
// (`typeof BigInt`) still see the truth. test/weapp-no-bigint.spec.ts evaluates the built app
// without BigInt.

/** `BigInt(` as a call of the global, not `x.BigInt(` nor part of a longer name. */
const BIGINT_CALL = /(?<![\w$.])BigInt\(/g;
const STAND_IN = '__linliBigInt';
const DECLARATION = `var ${STAND_IN} = typeof BigInt === "function" ? BigInt : Number;`;
/** A leading directive ("use strict") must stay first to keep its meaning. */
const DIRECTIVE = /^\s*(['"])use strict\1;?/;

function guardBigInt(source) {
  const replaced = source.replace(BIGINT_CALL, `${STAND_IN}(`);
  if (replaced === source) return source;
  const directive = DIRECTIVE.exec(replaced);
  const at = directive ? directive[0].length : 0;
  // On the first line, so every later line keeps its number in source maps.
  return `${replaced.slice(0, at)}${DECLARATION}${replaced.slice(at)}`;
}

module.exports = function zodBigIntLoader(source) {
  return guardBigInt(source);
};
module.exports.guardBigInt = guardBigInt;
