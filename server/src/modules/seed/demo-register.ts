import type { RegisterLineView } from '@linli/shared';
import { exportCells } from '../owner-register/register-export';

/**
 * The demo estate's owner register, the source of the shipped sample files
 * (`server/samples/owner-register-*.xlsx`, written by `npm run samples:register`). The seed
 * imports the file, not this list, through the admin page's import pipeline (issue 14.9).
 */

export const DEMO_BUILDINGS = 3;
export const DEMO_UNITS = 2;
export const DEMO_FLOORS = 10;
export const DEMO_ROOMS_PER_FLOOR = 2;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['秀兰', '建华', '海燕', '志强', '丽娟', '国庆', '晓明', '桂英', '文博', '雨涵', '子轩', '思远'];

/** The demo residents' own rooms; every other room gets a stable made-up owner. */
const DEMO_OWNERS: Record<string, { name: string; phone: string }> = {
  '1栋/1单元/101': { name: '张伟', phone: '13800000001' },
  '2栋/1单元/502': { name: '李娜', phone: '13800000002' },
};

export const demoRoomName = (floor: number, index: number) => `${floor}0${index}`;

export function demoRegisterLines(): RegisterLineView[] {
  const lines: RegisterLineView[] = [];
  for (let b = 1; b <= DEMO_BUILDINGS; b++) {
    for (let u = 1; u <= DEMO_UNITS; u++) {
      for (let floor = 1; floor <= DEMO_FLOORS; floor++) {
        for (let i = 1; i <= DEMO_ROOMS_PER_FLOOR; i++) {
          const serial =
            ((b - 1) * DEMO_UNITS + (u - 1)) * DEMO_FLOORS * DEMO_ROOMS_PER_FLOOR +
            (floor - 1) * DEMO_ROOMS_PER_FLOOR +
            i;
          const room = demoRoomName(floor, i);
          const owner = DEMO_OWNERS[`${b}栋/${u}单元/${room}`] ?? {
            name: `${SURNAMES[serial % SURNAMES.length]}${GIVEN[serial % GIVEN.length]}`,
            phone: `1370000${String(serial).padStart(4, '0')}`,
          };
          // Two flat types per floor, as the estate was built.
          const area = i === 1 ? 89.56 : 126.3;
          lines.push({ building: `${b}栋`, unit: `${u}单元`, room, ...owner, relation: 'owner', area });
        }
      }
    }
  }
  return lines;
}

/**
 * The second sample: a few good rows and exactly five deliberate mistakes, one of each kind the
 * dry run must catch. Rows count from the heading (row 1), as the report does.
 */
export const ERROR_SAMPLE_MISTAKES = [
  { rowNumber: 3, field: 'phone', kind: '手机号不对' },
  { rowNumber: 4, field: 'room', kind: '没有这个房间' },
  { rowNumber: 6, field: 'row', kind: '重复的行' },
  { rowNumber: 7, field: 'name', kind: '缺姓名' },
  { rowNumber: 8, field: 'relation', kind: '身份不对' },
] as const;

export function errorSampleRows(): (string | number)[][] {
  const demo = demoRegisterLines();
  const at = (building: string, unit: string, room: string) =>
    demo.find((line) => line.building === building && line.unit === unit && line.room === room)!;
  const cells = exportCells;
  return [
    cells(at('1栋', '1单元', '101')), // row 2: as the register has it
    cells({ ...at('1栋', '1单元', '102'), phone: '1380000' }), // row 3: a phone of 7 digits
    cells({ ...at('1栋', '1单元', '201'), room: '1101' }), // row 4: the estate has 10 floors
    cells(at('1栋', '2单元', '101')), // row 5
    cells(at('1栋', '2单元', '101')), // row 6: row 5 again
    cells({ ...at('2栋', '1单元', '101'), name: '' }), // row 7: no name
    cells(at('2栋', '1单元', '102')).map((cell, column) => (column === 5 ? '房东' : cell)), // row 8: not 业主/家属/租户
    cells(at('3栋', '2单元', '1002')), // row 9
  ];
}
