import type { HouseBindingView } from '@linli/shared';
import type { Room } from './room.entity';
import type { HouseBinding } from './house-binding.entity';

/** 阳光花园 1栋 2单元 1001: how a room is written on every screen and ledger. */
export function roomLabel(room: Room): string {
  return [room.project?.name, room.building?.name, room.unit?.name, room.name].filter(Boolean).join(' ');
}

/** Expects the binding loaded with room → project, building, unit. */
export function toHouseBindingView(binding: HouseBinding): HouseBindingView {
  const room = binding.room!;
  return {
    id: binding.id,
    status: binding.status,
    name: binding.name,
    phone: binding.phone,
    rejectReason: binding.rejectReason,
    createdAt: binding.createdAt.toISOString(),
    room: {
      id: room.id,
      name: room.name,
      floor: room.floor,
      unitName: room.unit?.name ?? '',
      buildingName: room.building?.name ?? '',
      projectId: room.projectId,
      projectName: room.project?.name ?? '',
      label: roomLabel(room),
    },
  };
}

export const ROOM_RELATIONS = { room: { project: true, building: true, unit: true } } as const;
