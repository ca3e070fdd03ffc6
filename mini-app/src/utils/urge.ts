import { formatShanghaiTime } from '@linli/shared';

export type UrgeState = { allowed: true } | { allowed: false; at: string; remaining: string };

/** 1 小时 20 分 / 5 分钟 (rounded up to whole minutes). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0 分钟';
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} 分钟`;
  return rest === 0 ? `${hours} 小时` : `${hours} 小时 ${rest} 分`;
}

/**
 * Whether the resident may urge now (`nextUrgeAt` from the server: null or past = now), else
 * when (HH:mm today, MM-DD HH:mm otherwise, Asia/Shanghai) and how long until then.
 */
export function urgeState(nextUrgeAt: string | null | undefined, now: number = Date.now()): UrgeState {
  if (!nextUrgeAt) return { allowed: true };
  const at = new Date(nextUrgeAt).getTime();
  if (Number.isNaN(at) || at <= now) return { allowed: true };
  const when = formatShanghaiTime(new Date(at));
  const today = formatShanghaiTime(new Date(now)).slice(0, 10);
  return {
    allowed: false,
    at: when.slice(0, 10) === today ? when.slice(11) : when.slice(5),
    remaining: formatDuration(at - now),
  };
}
