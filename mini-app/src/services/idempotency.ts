import Taro from '@tarojs/taro';

/**
 * `Idempotency-Key` per form submission (docs/api.md): a submission is one body sent to one
 * place. Sending it again — a second tap, a retry after the network failed, the repeat after a
 * token refresh — reuses its key, so the server files it once and answers the first result.
 * Once the server has accepted it, the next submission, even an identical one, gets a new key.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

interface Submission {
  fingerprint: string;
  key: Promise<string>;
}

/** Keyed by where the submission goes (method and path, or the file for an upload). */
const submissions = new Map<string, Submission>();

/** JSON with sorted keys: the same form is the same submission however it was assembled. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
}

async function randomBytes(length: number): Promise<Uint8Array> {
  // h5 (and Node in tests) have Web Crypto; the weapp has wx.getRandomValues instead.
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (typeof webCrypto?.getRandomValues === 'function') return webCrypto.getRandomValues(new Uint8Array(length));
  if (typeof Taro.getRandomValues === 'function') {
    try {
      const { randomValues } = await Taro.getRandomValues({ length });
      if (randomValues.byteLength >= length) return new Uint8Array(randomValues).slice(0, length);
    } catch {
      // Old base libraries lack it; the key is scoped to the user, so Math.random still serves.
    }
  }
  return Uint8Array.from({ length }, () => Math.floor(Math.random() * 256));
}

/** 32 hex characters of randomness: within the server's 8–128 characters of [A-Za-z0-9_-:.]. */
export async function newIdempotencyKey(): Promise<string> {
  const bytes = await randomBytes(16);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The key for sending `body` to `target`: the same one while this submission is unanswered. */
export function submissionKey(target: string, body: unknown): Promise<string> {
  const fingerprint = stableJson(body);
  const current = submissions.get(target);
  if (current && current.fingerprint === fingerprint) return current.key;
  // Another body is another submission (the form was changed): a new key.
  const submission = { fingerprint, key: newIdempotencyKey() };
  submissions.set(target, submission);
  return submission.key;
}

/**
 * After the server's answer. Accepted (2xx): done, the next submission is a new one. The key
 * refused as used for something else (422): never send it again. Anything else — no answer, a
 * 5xx, 409 still in progress, a field error to fix — keeps it, so a retry cannot file twice.
 */
export function settleSubmission(target: string, body: unknown, status: number, code?: string): void {
  const current = submissions.get(target);
  // A newer submission to the same place (the form changed meanwhile) keeps its own key.
  if (!current || current.fingerprint !== stableJson(body)) return;
  if ((status >= 200 && status < 300) || code === 'IDEMPOTENCY_KEY_REUSED') submissions.delete(target);
}

/** Tests only: forget every submission. */
export function resetSubmissions(): void {
  submissions.clear();
}
