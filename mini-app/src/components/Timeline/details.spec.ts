import type { RequestEventView } from '@linli/shared';
import { chronological, eventDetailLines } from './details';

describe('timeline details', () => {
  it('says nothing without data', () => {
    expect(eventDetailLines(null)).toEqual([]);
    expect(eventDetailLines({})).toEqual([]);
    expect(eventDetailLines({ unknown: 1, assigneeUserId: 3 })).toEqual([]);
  });

  it('shows dispatch, accept and transfer details', () => {
    expect(eventDetailLines({ assigneeUserId: 3, assigneeName: '王师傅' })).toEqual(['处理人：王师傅']);
    expect(eventDetailLines({ assigneeName: '王师傅' }, '派给 王师傅（水电维修工）')).toEqual([]);
    expect(eventDetailLines({ grade: 'C', departmentName: '工程部' })).toEqual(['部门：工程部', '等级：C 一般投诉']);
  });

  it('shows materials and fees in yuan', () => {
    expect(
      eventDetailLines({
        materials: [{ name: '阀芯', quantity: 2, unit: '个', unitPriceFen: 1250 }],
        materialsFen: 2500,
      }),
    ).toEqual(['材料：阀芯 ×2个，单价 ¥12.50', '材料合计：¥25.00']);
    expect(eventDetailLines({ items: [{ name: '上门费', amountFen: 2000 }], totalFen: 2000 })).toEqual([
      '收费：上门费 ¥20.00',
      '合计：¥20.00',
    ]);
  });

  it('shows ratings, rounds and urges', () => {
    expect(eventDetailLines({ satisfaction: 'satisfied', speed: 5, quality: 4, attitude: 5 })).toEqual([
      '满意度：满意',
      '速度 ★★★★★  质量 ★★★★  态度 ★★★★★',
    ]);
    expect(eventDetailLines({ round: 2 })).toEqual(['进入第 2 次处理']);
    expect(eventDetailLines({ urgeCount: 1 })).toEqual(['第 1 次催办']);
    // Whom the urge reached, as the server recorded it (issue 12).
    expect(eventDetailLines({ urgeCount: 2, told: '已提醒处理人 王建国（微信通知）' })).toEqual([
      '第 2 次催办',
      '已提醒处理人 王建国（微信通知）',
    ]);
  });

  it('orders events oldest first, by id when at the same time', () => {
    const event = (id: number, createdAt: string) => ({ id, createdAt }) as RequestEventView;
    expect(
      chronological([
        event(3, '2026-11-25T02:00:00Z'),
        event(2, '2026-11-25T01:00:00Z'),
        event(1, '2026-11-25T02:00:00Z'),
      ]).map((e) => e.id),
    ).toEqual([2, 1, 3]);
  });
});
