/**
 * Laying out a block of rooms by pattern (issue 14): 3 栋 × 2 单元 × 18 层 × 4 户 gives
 * 1栋…3栋, 1单元/2单元, rooms 101…1804 — the full name reads 1-2-1804. Pure, so the batch form
 * previews exactly what the server will insert.
 */
export type RoomNaming = 'floor_door' | 'sequence';

export const ROOM_NAMING_LABELS: Record<RoomNaming, string> = {
  floor_door: '楼层+户号（1804）',
  sequence: '顺序编号（01、02…）',
};

export interface RoomPattern {
  buildings: number;
  units: number;
  floors: number;
  perFloor: number;
  /** The first building's number, so a later phase can add 4栋–6栋 beside 1栋–3栋. */
  firstBuilding?: number;
  firstFloor?: number;
  naming: RoomNaming;
}

export interface PlannedRoom {
  floor: number;
  name: string;
}
export interface PlannedUnit {
  name: string;
  sort: number;
  rooms: PlannedRoom[];
}
export interface PlannedBuilding {
  name: string;
  sort: number;
  units: PlannedUnit[];
}

/** The most rooms one call lays out: a whole phase of a large estate, inserted in one transaction. */
export const MAX_ROOMS_PER_BATCH = 5000;

export const roomPatternTotal = (p: Pick<RoomPattern, 'buildings' | 'units' | 'floors' | 'perFloor'>): number =>
  p.buildings * p.units * p.floors * p.perFloor;

export const buildingName = (n: number) => `${n}栋`;
export const unitName = (n: number) => `${n}单元`;

/** The room's door name: floor and a two-digit door (1804), or a running number within the unit. */
export function roomName(
  naming: RoomNaming,
  floor: number,
  door: number,
  perFloor: number,
  firstFloor: number,
): string {
  if (naming === 'sequence') return String((floor - firstFloor) * perFloor + door).padStart(2, '0');
  return `${floor}${String(door).padStart(2, '0')}`;
}

/** How residents and staff say a room: building-unit-room numbers, e.g. 1-2-1804. */
export const roomLabel = (building: number, unit: number, room: string) => `${building}-${unit}-${room}`;

export function expandRoomPattern(pattern: RoomPattern): PlannedBuilding[] {
  const firstBuilding = pattern.firstBuilding ?? 1;
  const firstFloor = pattern.firstFloor ?? 1;
  const result: PlannedBuilding[] = [];
  for (let b = 0; b < pattern.buildings; b++) {
    const units: PlannedUnit[] = [];
    for (let u = 1; u <= pattern.units; u++) {
      const rooms: PlannedRoom[] = [];
      for (let floor = firstFloor; floor < firstFloor + pattern.floors; floor++) {
        for (let door = 1; door <= pattern.perFloor; door++) {
          rooms.push({ floor, name: roomName(pattern.naming, floor, door, pattern.perFloor, firstFloor) });
        }
      }
      units.push({ name: unitName(u), sort: u, rooms });
    }
    result.push({ name: buildingName(firstBuilding + b), sort: firstBuilding + b, units });
  }
  return result;
}

/** The first `limit` full names (1-1-101, 1-1-102…) for the form's live preview. */
export function previewRoomPattern(pattern: RoomPattern, limit = 6): string[] {
  const firstBuilding = pattern.firstBuilding ?? 1;
  const firstFloor = pattern.firstFloor ?? 1;
  const names: string[] = [];
  for (let b = 0; b < pattern.buildings; b++) {
    for (let u = 1; u <= pattern.units; u++) {
      for (let floor = firstFloor; floor < firstFloor + pattern.floors; floor++) {
        for (let door = 1; door <= pattern.perFloor; door++) {
          if (names.length >= limit) return names;
          names.push(
            roomLabel(firstBuilding + b, u, roomName(pattern.naming, floor, door, pattern.perFloor, firstFloor)),
          );
        }
      }
    }
  }
  return names;
}
