import { expandRoomPattern, previewRoomPattern, roomPatternTotal } from './room-pattern';

describe('expandRoomPattern', () => {
  it('lays out 3 栋 × 2 单元 × 18 层 × 4 户 with 1804 as the top floor’s last door', () => {
    const pattern = { buildings: 3, units: 2, floors: 18, perFloor: 4, naming: 'floor_door' as const };
    const buildings = expandRoomPattern(pattern);
    expect(buildings.map((b) => b.name)).toEqual(['1栋', '2栋', '3栋']);
    expect(buildings[0]!.units.map((u) => u.name)).toEqual(['1单元', '2单元']);
    const rooms = buildings[0]!.units[1]!.rooms;
    expect(rooms[0]).toEqual({ floor: 1, name: '101' });
    expect(rooms.at(-1)).toEqual({ floor: 18, name: '1804' });
    const count = buildings.flatMap((b) => b.units).flatMap((u) => u.rooms).length;
    expect(count).toBe(432);
    expect(roomPatternTotal(pattern)).toBe(432);
  });

  it('starts at a later building and floor, and numbers in sequence when asked', () => {
    const buildings = expandRoomPattern({
      buildings: 1,
      units: 1,
      floors: 2,
      perFloor: 3,
      firstBuilding: 4,
      firstFloor: 2,
      naming: 'sequence',
    });
    expect(buildings[0]!.name).toBe('4栋');
    expect(buildings[0]!.units[0]!.rooms).toEqual([
      { floor: 2, name: '01' },
      { floor: 2, name: '02' },
      { floor: 2, name: '03' },
      { floor: 3, name: '04' },
      { floor: 3, name: '05' },
      { floor: 3, name: '06' },
    ]);
  });

  it('previews the first full names as 楼-单元-房', () => {
    const pattern = { buildings: 2, units: 1, floors: 3, perFloor: 2, naming: 'floor_door' as const };
    expect(previewRoomPattern(pattern, 4)).toEqual(['1-1-101', '1-1-102', '1-1-201', '1-1-202']);
    expect(previewRoomPattern(pattern, 100)).toHaveLength(12);
    expect(previewRoomPattern(pattern, 100).at(-1)).toBe('2-1-302');
  });

  it('gives no rooms for a zero count', () => {
    expect(expandRoomPattern({ buildings: 0, units: 1, floors: 1, perFloor: 1, naming: 'floor_door' })).toEqual([]);
  });
});
