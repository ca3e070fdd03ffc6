import { useEffect, useState } from 'react';
import { createTicker, type Ticker } from '../utils/clock';

const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  let ticker = tickers.get(intervalMs);
  if (!ticker) {
    ticker = createTicker(intervalMs);
    tickers.set(intervalMs, ticker);
  }
  return ticker;
}

/**
 * The current time, re-read every `intervalMs` (for countdowns such as 催办 and time limits).
 * Every component asking for the same interval shares one timer, so list rows may each call it.
 */
export function useNow(intervalMs = 30_000): number {
  const ticker = tickerFor(intervalMs);
  const [now, setNow] = useState(ticker.now);
  useEffect(() => ticker.subscribe(setNow), [ticker]);
  return now;
}
