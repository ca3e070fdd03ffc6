import { z } from 'zod';

/**
 * How urgent a repair is (急修, seed 004: the desk goes on site at once). It is what residents read
 * of a repair's priority: the grades A–E classify complaints (seed 002) and mean nothing to them here.
 */
export const REPAIR_URGENCIES = ['normal', 'urgent'] as const;
export type RepairUrgency = (typeof REPAIR_URGENCIES)[number];
export const REPAIR_URGENCY_LABELS: Record<RepairUrgency, string> = { normal: '一般', urgent: '紧急（急修）' };
export const repairUrgency = z.enum(REPAIR_URGENCIES, { error: '紧急程度只能是一般或紧急' });
