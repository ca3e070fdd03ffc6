import { KIND_LABELS, KIND_NUMBER_PREFIX, shanghaiDateKey, type RequestKind } from '@linli/shared';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { FloorRefusal, transaction, type FloorModule } from '../support/floor';

/**
 * The floor of the two writes bench/writes.ts measures, on the product's own paths so one wrk
 * script serves both. Each does the essential SQL in one transaction and nothing else: no token
 * check, no access rules, reference data (bindings, categories, the acting receptionist) read
 * once at start as a cache would hold it.
 */

interface Binding {
  userId: number;
  roomId: number;
  projectId: number;
}

/** What filing takes from the category: its routing and time limits, as a product request of it had them. */
interface CategoryFacts {
  name: string;
  grade: string;
  departmentId: number | null;
  departmentName: string | null;
  /** Milliseconds from filing to each deadline. */
  due: { callback: number | null; dispatch: number | null; reply: number | null; resolution: number | null };
}

const bindings = new Map<number, Binding>();
const categories = new Map<number, CategoryFacts>();
let receptionist: { id: number; role: string; name: string };

interface DueRow extends RowDataPacket {
  categoryId: number;
  grade: string;
  departmentId: number | null;
  name: string;
  departmentName: string | null;
  createdAt: Date;
  callbackDueAt: Date | null;
  dispatchDueAt: Date | null;
  replyDueAt: Date | null;
  resolutionDueAt: Date | null;
}

async function prepare(pool: Pool): Promise<void> {
  const [bound] = await pool.query<RowDataPacket[]>(
    `SELECT b.id, b.user_id AS userId, b.room_id AS roomId, r.project_id AS projectId
       FROM house_binding b JOIN room r ON r.id = b.room_id WHERE b.status = 'bound'`,
  );
  for (const row of bound) bindings.set(Number(row.id), row as unknown as Binding);
  // The bench files one request per category through the product before the floor starts.
  const [filed] = await pool.query<DueRow[]>(
    `SELECT r.category_id AS categoryId, r.grade, r.department_id AS departmentId, c.name,
            d.name AS departmentName, r.created_at AS createdAt, r.callback_due_at AS callbackDueAt,
            r.dispatch_due_at AS dispatchDueAt, r.reply_due_at AS replyDueAt, r.resolution_due_at AS resolutionDueAt
       FROM request r JOIN category c ON c.id = r.category_id LEFT JOIN department d ON d.id = r.department_id
      WHERE r.id IN (SELECT MAX(id) FROM request GROUP BY category_id)`,
  );
  const after = (row: DueRow, at: Date | null) => (at ? at.getTime() - row.createdAt.getTime() : null);
  for (const row of filed) {
    categories.set(Number(row.categoryId), {
      name: row.name,
      grade: row.grade,
      departmentId: row.departmentId,
      departmentName: row.departmentName,
      due: {
        callback: after(row, row.callbackDueAt),
        dispatch: after(row, row.dispatchDueAt),
        reply: after(row, row.replyDueAt),
        resolution: after(row, row.resolutionDueAt),
      },
    });
  }
  const [[user]] = await pool.query<RowDataPacket[]>(
    "SELECT id, role, name FROM `user` WHERE openid = 'demo-receptionist-1'",
  );
  receptionist = user as typeof receptionist;
}

interface FiledForm {
  kind: RequestKind;
  houseBindingId: number;
  categoryId: number;
  repairScope?: string;
  repairItem?: string;
  repairLocation?: string;
  content: string;
  contactName: string;
  contactPhone: string;
}

const later = (now: Date, ms: number | null) => (ms === null ? null : new Date(now.getTime() + ms));

export const floorModule: FloorModule = {
  prepare,
  routes: [
    {
      method: 'POST',
      path: /^\/api\/requests$/,
      async handle({ pool, body }) {
        const form = body as FiledForm;
        const binding = bindings.get(form.houseBindingId);
        const category = categories.get(form.categoryId);
        if (!binding || !category) throw new FloorRefusal(404, 'no such binding or category');
        const now = new Date();
        return transaction(pool, async (connection) => {
          // The product's statement; its OK packet carries LAST_INSERT_ID, so no second round trip.
          const [numbered] = await connection.query<ResultSetHeader>(
            'INSERT INTO request_number_sequence (day_key, last_value) VALUES (?, LAST_INSERT_ID(1)) ' +
              'ON DUPLICATE KEY UPDATE last_value = LAST_INSERT_ID(last_value + 1)',
            [`${KIND_NUMBER_PREFIX[form.kind]}${shanghaiDateKey(now)}`],
          );
          // Six digits, so the floor never meets the product's 9,999-a-day numbers (bench/writes.ts resets the day).
          const number = `${KIND_NUMBER_PREFIX[form.kind]}${shanghaiDateKey(now)}${String(numbered.insertId).padStart(6, '0')}`;
          const [inserted] = await connection.query<ResultSetHeader>(
            `INSERT INTO request (number, kind, status, grade, source, project_id, room_id, house_binding_id,
               resident_user_id, contact_name, contact_phone, category_id, content, repair_scope, repair_item,
               repair_location, department_id, created_by_user_id, version, created_at, updated_at,
               callback_due_at, dispatch_due_at, reply_due_at, resolution_due_at)
             VALUES (?, ?, 'received', ?, 'mini_program', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
            [
              number,
              form.kind,
              category.grade,
              binding.projectId,
              binding.roomId,
              form.houseBindingId,
              binding.userId,
              form.contactName,
              form.contactPhone,
              form.categoryId,
              form.content,
              form.repairScope ?? null,
              form.repairItem ?? null,
              form.repairLocation ?? null,
              category.departmentId,
              binding.userId,
              now,
              now,
              later(now, category.due.callback),
              later(now, category.due.dispatch),
              later(now, category.due.reply),
              later(now, category.due.resolution),
            ],
          );
          await connection.query(
            `INSERT INTO request_event (request_id, actor_user_id, actor_role, actor_name, action, from_status,
               to_status, note, internal, created_at)
             VALUES (?, ?, 'resident', ?, 'create', NULL, 'received', ?, 0, ?)`,
            [
              inserted.insertId,
              binding.userId,
              form.contactName,
              `提交${KIND_LABELS[form.kind]}（${category.name}），已转${category.departmentName ?? '客服'}`,
              now,
            ],
          );
          const [[row]] = await connection.query<RowDataPacket[]>('SELECT * FROM request WHERE id = ?', [
            inserted.insertId,
          ]);
          return { status: 201, body: row };
        });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/requests\/(\d+)\/actions\/accept$/,
      async handle({ pool, params }) {
        const id = Number(params[0]);
        const now = new Date();
        return transaction(pool, async (connection) => {
          const [[row]] = await connection.query<RowDataPacket[]>(
            'SELECT id, status, version FROM request WHERE id = ? FOR UPDATE',
            [id],
          );
          if (!row) throw new FloorRefusal(404, 'no such request');
          if (row.status !== 'received') throw new FloorRefusal(409, `request ${id} is ${row.status}`);
          await connection.query("UPDATE request SET status = 'accepted', version = ?, updated_at = ? WHERE id = ?", [
            row.version + 1,
            now,
            id,
          ]);
          await connection.query(
            `INSERT INTO request_event (request_id, actor_user_id, actor_role, actor_name, action, from_status,
               to_status, note, internal, created_at)
             VALUES (?, ?, ?, ?, 'accept', 'received', 'accepted', NULL, 0, ?)`,
            [id, receptionist.id, receptionist.role, receptionist.name, now],
          );
          return { status: 200, body: { id, status: 'accepted', version: row.version + 1 } };
        });
      },
    },
  ],
};
