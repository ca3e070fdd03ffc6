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
