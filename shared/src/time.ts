/** China has had no daylight saving since 1991, so Asia/Shanghai is a fixed UTC+8. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
