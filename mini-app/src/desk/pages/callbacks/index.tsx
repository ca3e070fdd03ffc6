import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import PagedList from '../../../components/PagedList';
import RequestCard from '../../../components/RequestCard';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { callbacksDue } from '../../../services/requests';
import { deskRequestUrl, isDeskRole } from '../../../utils/routes';
import './index.scss';

/**
 * 待回访: resolved complaints and in-home repairs, the most urgent first (`#callback-<id>`);
 * `#callback-record-<id>` opens the request with the callback form.
 */
export default function CallbacksPage() {
  const user = useRequireLogin();
  const allowed = isDeskRole(user?.role);
  const list = usePagedList((_page, cursor) => callbacksDue(cursor));
  useListPage(list, allowed);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="callbacks-forbidden">
          回访供客服接待、部门主管和项目经理使用。
        </View>
      </View>
    );
  }

  return (
    <View className="page callbacks-page">
      <PagedList
        id="callbacks"
        list={list}
        emptyText="没有待回访的诉求"
        renderItem={(item) => (
          <RequestCard
            key={item.id}
            idPrefix="callback"
            item={item}
            staffView
            onClick={() => void Taro.navigateTo({ url: deskRequestUrl(item.id) })}
            footer={
              <View className="callbacks-page__actions">
                <Button
                  id={`callback-record-${item.id}`}
                  type="primary"
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    void Taro.navigateTo({ url: deskRequestUrl(item.id, { action: 'callback' }) });
                  }}
                >
                  记录回访
                </Button>
              </View>
            }
          />
        )}
      />
    </View>
  );
}
