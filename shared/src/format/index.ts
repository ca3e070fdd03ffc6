import { SHANGHAI_OFFSET_MS } from '../time';

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai, for lists and timelines. */
export function formatShanghaiTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export { maskName, maskPhone, maskPhonesInText } from './masking';
export {
  cutGraphemes,
  graphemeLength,
  graphemes,
  graphemesWithoutSegmenter,
  textLength,
  type TextUnit,
} from './graphemes';
