/** A wall-clock time picked by the resident, meant as Asia/Shanghai time. */
export interface PickedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DD HH:mm`, as shown elsewhere (formatShanghaiTime). */
export function formatPickedTime(time: PickedTime): string {
  return `${time.year}-${pad(time.month)}-${pad(time.day)} ${pad(time.hour)}:${pad(time.minute)}`;
}

/** ISO-8601 with the +08:00 offset, whatever the device's time zone. */
export function pickedToShanghaiIso(time: PickedTime): string {
  return `${time.year}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}:00+08:00`;
}

/**
 * `date` moved up to the next whole `step` minutes (seconds dropped), so a picker whose minute
 * column only offers multiples of `step` starts on an offered minute.
 */
export function snapUpToMinuteStep(date: Date, step: number): Date {
  const snapped = new Date(date.getTime());
  snapped.setSeconds(0, 0);
  if (step <= 1) return snapped;
  const minutes = snapped.getMinutes();
  const up = Math.ceil(minutes / step) * step;
  if (up !== minutes || date.getSeconds() > 0 || date.getMilliseconds() > 0) {
    snapped.setMinutes(up === minutes ? minutes + step : up);
  }
  return snapped;
}
