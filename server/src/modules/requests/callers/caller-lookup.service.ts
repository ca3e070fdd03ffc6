import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { classifyDeskSearch, type CallerHouse, type CallerLookup } from '@linli/shared';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { AppError } from '../../../common/errors/app-error';
import { AccessService } from '../../access/access.service';
import { NO_DESK_FILTER, RequestListsService } from '../lists/request-lists.service';

/** Houses one lookup may show, and recent requests. */
const MAX_HOUSES = 20;
const RECENT = 5;

const RELATION_LABELS: Record<CallerHouse['registered'][number]['relation'], string> = {
  owner: '业主',
  family: '家属',
  tenant: '租户',
};

interface RoomRow {
  id: number;
  name: string;
  projectId: number;
  projectName: string;
  buildingId: number;
  buildingName: string;
  unitId: number;
  unitName: string;
}

export type CallerQuery = { phone: string } | { roomId: number } | { door: string };

/**
 * 代客登记's caller lookup: by a phone, the rooms it is registered to (业主名册) or bound to in
 * the mini-program; by a room (or a door number), that room. Each room with its registered
 * people and bound residents, and the recent requests of that phone or those rooms. Only the
 * caller's projects; the desk sees these contacts unmasked, as on the requests it handles.
 */
@Injectable()
export class CallerLookupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly lists: RequestListsService,
  ) {}

  async lookup(auth: AuthUser, query: CallerQuery): Promise<CallerLookup> {
    const scope = await this.access.projectScope(auth);
    const inScope = scope.all ? '' : 'AND rm.project_id IN (?)';
    const scopeParams = scope.all ? [] : [[0, ...scope.projectIds]];
    let roomIds: number[];
    if ('phone' in query) {
      const rows = (await this.dataSource.query(
        `SELECT DISTINCT x.room_id AS id FROM (
           SELECT room_id FROM owner_register WHERE phone = ?
           UNION SELECT room_id FROM house_binding WHERE phone = ? AND status = 'bound'
         ) x JOIN room rm ON rm.id = x.room_id WHERE 1 = 1 ${inScope} ORDER BY x.room_id LIMIT ${MAX_HOUSES}`,
        [query.phone, query.phone, ...scopeParams],
      )) as { id: number }[];
      roomIds = rows.map((row) => Number(row.id));
    } else if ('roomId' in query) {
      const rows = (await this.dataSource.query(`SELECT rm.id FROM room rm WHERE rm.id = ? ${inScope}`, [
        query.roomId,
        ...scopeParams,
      ])) as { id: number }[];
      if (rows.length === 0) throw AppError.notFound('房屋');
      roomIds = [Number(rows[0].id)];
    } else {
      const rows = (await this.dataSource.query(
        `SELECT rm.id FROM room rm WHERE rm.name = ? ${inScope} ORDER BY rm.id LIMIT ${MAX_HOUSES}`,
        [query.door, ...scopeParams],
      )) as { id: number }[];
      roomIds = rows.map((row) => Number(row.id));
    }
    const [houses, recent] = await Promise.all([
      this.houses(roomIds),
      'phone' in query
        ? this.lists.listForDesk(auth, { ...NO_DESK_FILTER, q: query.phone }, { page: 1, pageSize: RECENT })
        : roomIds.length > 0
          ? this.lists.listForDesk(auth, { ...NO_DESK_FILTER, roomIds }, { page: 1, pageSize: RECENT })
          : null,
    ]);
    return { houses, recent: recent?.items ?? [] };
  }

  private async houses(roomIds: number[]): Promise<CallerHouse[]> {
    if (roomIds.length === 0) return [];
    const [rooms, registered, residents] = (await Promise.all([
      this.dataSource.query(
        `SELECT rm.id, rm.name, p.id AS projectId, p.name AS projectName, b.id AS buildingId, b.name AS buildingName,
                u.id AS unitId, u.name AS unitName
           FROM room rm JOIN project p ON p.id = rm.project_id JOIN building b ON b.id = rm.building_id
           JOIN unit u ON u.id = rm.unit_id
          WHERE rm.id IN (?) ORDER BY p.id, b.sort, u.sort, rm.floor, rm.name`,
        [roomIds],
      ),
      this.dataSource.query(
        `SELECT room_id AS roomId, name, phone, relation FROM owner_register WHERE room_id IN (?)
          ORDER BY relation = 'owner' DESC, id`,
        [roomIds],
      ),
      this.dataSource.query(
        `SELECT room_id AS roomId, name, phone FROM house_binding WHERE room_id IN (?) AND status = 'bound' ORDER BY id`,
        [roomIds],
      ),
    ])) as [
      RoomRow[],
      { roomId: number; name: string; phone: string; relation: CallerHouse['registered'][number]['relation'] }[],
      { roomId: number; name: string; phone: string }[],
    ];
    return rooms.map((room) => {
      const id = Number(room.id);
      return {
        project: { id: Number(room.projectId), name: room.projectName },
        building: { id: Number(room.buildingId), name: room.buildingName },
        unit: { id: Number(room.unitId), name: room.unitName },
        room: { id, name: room.name },
        label: [room.projectName, room.buildingName, room.unitName, room.name].join(' '),
        registered: registered
          .filter((entry) => Number(entry.roomId) === id)
          .map((entry) => ({
            name: entry.name,
            phone: entry.phone,
            relation: entry.relation,
            relationLabel: RELATION_LABELS[entry.relation] ?? entry.relation,
          })),
        residents: residents
          .filter((entry) => Number(entry.roomId) === id)
          .map((entry) => ({ name: entry.name, phone: entry.phone })),
      };
    });
  }
}

/** What the lookup box was given: a phone number, or a door number (anything else is refused). */
export function callerQueryOf(q: string): CallerQuery | null {
  const search = classifyDeskSearch(q);
  if (search?.by === 'phone') return { phone: search.phone };
  if (search && (search.by === 'last4' || search.by === 'text') && /^[0-9A-Za-z-]{1,20}$/.test(q.trim())) {
    return { door: q.trim() };
  }
  return null;
}
