import { Initial1764028800000 } from './1764028800000-initial';

/** Listed explicitly (not globbed) so the same list works compiled and under Jest. */
export const MIGRATIONS = [Initial1764028800000];
