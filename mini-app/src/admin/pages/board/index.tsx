import { useEffect, useRef } from 'react';
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, formatShanghaiTime, type BoardRow, type UnreachableRow } from '@linli/shared';
import PageState from '../../../components/PageState';
import { useNow } from '../../../hooks/useNow';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { fetchBoard } from '../../../services/approvals';
import { boardRowId, boardTone, boardTotals } from '../../../utils/approvals';
import { boardDrillUrl, type BoardCount } from '../../../utils/queue';
import { canSeeAdmin, DESK_QUEUE_PAGE } from '../../../utils/routes';
import './index.scss';

/** The board is live: reloaded every minute while it is on screen. */
const REFRESH_MS = 60_000;

const SCOPE_TEXT: Record<string, string> = {
  supervisor: '本部门',
  manager: '所负责项目',
  admin: '全公司',
};

const COUNT_LABELS: Record<BoardCount, string> = { open: '在办', nearing: '即将超时', overdue: '已超时' };

/** The three counts, each opening its requests (`onOpen(count)`). */
function Counts({
  id,
  row,
  onOpen,
}: {
  id: string;
  row: Pick<BoardRow, 'open' | 'nearing' | 'overdue'>;
  onOpen: (count: BoardCount) => void;
}) {
  return (
    <View className="board-counts">
      {(['open', 'nearing', 'overdue'] as const).map((count) => (
        <View
          key={count}
          id={`${id}-${count}-link`}
          className={`board-count${count !== 'open' && row[count] > 0 ? ` board-count--${count}` : ''}`}
          onClick={(e) => {
            e.stopPropagation();
            onOpen(count);
          }}
        >
          <Text className="board-count__value" id={`${id}-${count}`}>
            {row[count]}
          </Text>
          <Text className="board-count__label">{COUNT_LABELS[count]}</Text>
        </View>
      ))}
    </View>
  );
}

function BoardLine({ row, person }: { row: BoardRow; person: boolean }) {
  const id = boardRowId(row);
  const tone = boardTone(row);
  const open = (count: BoardCount) =>
    void Taro.navigateTo({
      url: boardDrillUrl(
        DESK_QUEUE_PAGE,
        person
          ? { userId: row.userId, name: row.name }
          : { departmentId: row.departmentId ?? 'none', departmentName: row.departmentName },
        count,
      ),
    });
  return (
    <View
      className={`board-row board-row--${tone}`}
      id={id}
      data-tone={tone}
      data-open={row.open}
      data-nearing={row.nearing}
      data-overdue={row.overdue}
      onClick={() => open('open')}
    >
      <View className="board-row__who">
        <Text className="board-row__name">{row.name}</Text>
        {person ? <Text className="muted">{row.departmentName}</Text> : null}
      </View>
      <Counts id={id} row={row} onOpen={open} />
      <Text className="board-row__more">›</Text>
    </View>
  );
}

/** A department whose notices nobody at its level hears: 无人可通知, or passed on to whom. */
function UnreachableLine({ row }: { row: UnreachableRow }) {
  const nobody = row.heardBy === null;
  return (
    <View
      className={`board-unreachable${nobody ? ' board-unreachable--nobody' : ''}`}
      id={`board-unreachable-${row.departmentId ?? 'none'}-${row.projectId}`}
      data-nobody={nobody ? 'true' : 'false'}
    >
      <View className="board-unreachable__head">
        <Text className="board-row__name">
          {row.departmentName} · {row.projectName}
        </Text>
        <Text className={nobody ? 'board-unreachable__tag--nobody' : 'board-unreachable__tag'}>
          {nobody ? '无人可通知' : `通知转至${row.heardBy}`}
        </Text>
      </View>
      <Text className="muted">
        在办 {row.open} 件：{row.reason}
        {nobody ? '。请配置接收人（如部门主管），或请相关人员绑定微信。' : ''}
      </Text>
    </View>
  );
}

/**
 * 工作看板: open work per department (`#board-dept-<id|none>`, none = 待分派) and per person
 * (`#board-user-<id>`), each with 在办 / 即将超时 / 已超时 (`#<row>-open|nearing|overdue`, also as
 * `data-*`; `data-tone` = `overdue` red, `nearing` orange, `ok`). The limit counted is the one
 * that runs now (dispatch until someone is named, then resolution). `#board-as-of` is the
 * server's time of the figures; pull down to reload, and it reloads each minute on screen.
 * Tapping a row opens its open requests in the desk's list, tapping a count (`#<row>-<count>`)
 * those in that state, most urgent first; the totals open the whole scope's.
 * `#board-unreachable` lists departments whose notices nobody at their level hears
 * (`#board-unreachable-<dept|none>-<project>`, `data-nobody` for 无人可通知), problems first.
 */
export default function BoardPage() {
  const user = useRequireLogin();
  const allowed = canSeeAdmin(user?.role);
  const board = useRequest(fetchBoard, [], { ready: allowed });

  const visible = useRef(true);
  const firstShow = useRef(true);
  useDidShow(() => {
    visible.current = true;
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (allowed) void board.refresh();
  });
  useDidHide(() => {
    visible.current = false;
  });
  usePullDownRefresh(() => {
    void (allowed ? board.refresh() : Promise.resolve()).finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });
  const tick = useNow(REFRESH_MS);
  const firstTick = useRef(true);
  useEffect(() => {
    if (firstTick.current) {
      firstTick.current = false;
      return;
    }
    if (allowed && visible.current && !board.loading) void board.refresh();
  }, [tick]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="board-forbidden">
          工作看板供部门主管、项目经理和公司管理员使用。
        </View>
      </View>
    );
  }

  const data = board.data;
  const totals = data ? boardTotals(data.departments) : null;
  return (
    <View className="page board-page">
      <PageState
        id="board"
        loading={board.loading && !data}
        error={data ? undefined : board.error}
        onRetry={() => void board.refresh()}
        rows={8}
      >
        {data && totals ? (
          <>
            <View className="card board-summary" id="board-summary">
              <View className="board-summary__head">
                <Text className="board-summary__title">{SCOPE_TEXT[user.role] ?? ROLE_LABELS[user.role]}在办</Text>
                <Text className="muted" id="board-as-of">
                  {board.loading ? '刷新中…' : `更新于 ${formatShanghaiTime(data.asOf)}`}
                </Text>
              </View>
              <Counts
                id="board-total"
                row={totals}
                onOpen={(count) =>
                  void Taro.navigateTo({
                    url: boardDrillUrl(
                      DESK_QUEUE_PAGE,
                      // A supervisor's board is their department's.
                      user.role === 'supervisor' && data.departments.length === 1
                        ? {
                            departmentId: data.departments[0].departmentId ?? 'none',
                            departmentName: data.departments[0].departmentName,
                          }
                        : {},
                      count,
                    ),
                  })
                }
              />
            </View>

            {data.unreachable?.length ? (
              <View className="card" id="board-unreachable">
                <View className="card__title">
                  <Text>通知无人接收</Text>
                  <Text className="muted">{data.unreachable.length} 处</Text>
                </View>
                {data.unreachable.map((row) => (
                  <UnreachableLine key={`${row.departmentId ?? 'none'}-${row.projectId}`} row={row} />
                ))}
              </View>
            ) : null}

            <View className="card" id="board-departments">
              <View className="card__title">
                <Text>部门</Text>
                <Text className="muted">{data.departments.length} 个</Text>
              </View>
              {data.departments.length === 0 ? (
                <Text className="muted" id="board-departments-empty">
                  没有在办的诉求
                </Text>
              ) : (
                data.departments.map((row) => <BoardLine key={boardRowId(row)} row={row} person={false} />)
              )}
            </View>

            <View className="card" id="board-people">
              <View className="card__title">
                <Text>人员</Text>
                <Text className="muted">{data.people.length} 人</Text>
              </View>
              {data.people.length === 0 ? (
                <Text className="muted" id="board-people-empty">
                  没有派给个人的在办诉求
                </Text>
              ) : (
                data.people.map((row) => <BoardLine key={boardRowId(row)} row={row} person />)
              )}
            </View>
            <Text className="muted board-page__note">
              按当前计时的时限统计：未派单的按派单时限，已派单的按办结时限。红色有已超时，橙色有即将超时。点部门、人员或数字查看对应的诉求。
            </Text>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
