import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import PageState from '../../../components/PageState';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { fetchWechatTemplates } from '../../../services/setup';
import { canEditSettings } from '../../../utils/routes';
import './index.scss';

const CHANNELS = { subscribe: '小程序订阅消息', official_account: '公众号模板消息' } as const;

/**
 * 微信模板 (read-only, admins): each message slot's template id and field mapping from
 * WECHAT_TEMPLATES (`#template-<channel>-<slot>`, `data-valid`), with what is wrong. Changing it
 * is a deployment change (docs/configuration.md), not an edit here.
 */
export default function WechatTemplatesPage() {
  const user = useRequireLogin();
  const allowed = canEditSettings(user?.role);
  const view = useRequest(fetchWechatTemplates, [], { ready: allowed });
  usePullDownRefresh(() => {
    void (allowed ? view.refresh() : Promise.resolve()).finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="templates-forbidden">
          微信模板对应关系供公司管理员查看。
        </View>
      </View>
    );
  }
  const data = view.data;
  return (
    <View className="page templates-page">
      <PageState
        id="templates"
        loading={view.loading && !data}
        error={data ? undefined : view.error}
        onRetry={() => void view.refresh()}
        empty={!!data && data.slots.length === 0}
        emptyText="没有模板"
        rows={8}
      >
        {data ? (
          <>
            <View className="card" id="templates-summary" data-valid={data.valid ? 'true' : 'false'}>
              <Text className={data.valid ? 'templates__ok' : 'templates__bad'} id="templates-result">
                {data.valid
                  ? '校验通过：每个消息都有模板，字段都已对应'
                  : '校验未通过：请按下方提示修改 WECHAT_TEMPLATES'}
              </Text>
              <Text className="muted templates__source" id="templates-source">
                {data.source === 'demo'
                  ? '未设置 WECHAT_TEMPLATES，正在使用演示模板（仅适用于沙箱）'
                  : '来自部署环境 WECHAT_TEMPLATES；修改需更新部署配置'}
              </Text>
            </View>
            <View className="templates-grid">
              {data.slots.map((slot) => (
                <View
                  className="card template"
                  key={`${slot.channel}-${slot.slot}`}
                  id={`template-${slot.channel}-${slot.slot}`}
                  data-valid={slot.problems.length === 0 ? 'true' : 'false'}
                >
                  <View className="card__title">
                    <Text>{slot.purpose}</Text>
                    <Text className="muted">{CHANNELS[slot.channel]}</Text>
                  </View>
                  <Text className="template__id">
                    {slot.templateId ? `${slot.title ?? ''} · ${slot.templateId}` : '未配置'}
                  </Text>
                  {slot.fields.map((field) => (
                    <View className="template__field" key={field.field}>
                      <Text className="template__name">{field.field}</Text>
                      <Text className={field.key ? 'template__key' : 'template__key template__key--missing'}>
                        {field.key ?? '未对应'}
                      </Text>
                    </View>
                  ))}
                  {slot.problems.map((problem) => (
                    <Text className="templates__bad template__problem" key={problem}>
                      {problem}
                    </Text>
                  ))}
                </View>
              ))}
            </View>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
