import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  ROLE_LABELS,
  formatShanghaiTime,
  invitationSchema,
  type CreatedInvitation,
  type InvitationView,
} from '@linli/shared';
import PagedList from '../../../components/PagedList';
import PageState from '../../../components/PageState';
import SoftTag from '../../../components/SoftTag';
import StaffRightsForm from '../../../components/StaffRightsForm';
import { emptyRights, INVITATION_FIELDS, type RightsValues } from '../../../components/StaffRightsForm/spec';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { ApiError, errorMessage } from '../../../services/http';
import { createInvitation, fetchStaffOptions, listInvitations } from '../../../services/staff-admin';
import { firstErrors } from '../../../utils/form';
import { invitationImage, invitationLink } from '../../../utils/invitation-image';
import './index.scss';

const STATUS_LABELS = { pending: '待接受', used: '已使用', expired: '已过期' } as const;

/** h5 draws a QR of the link itself; weapp asks the server for WeChat's mini-program code. */
function useInvitationImage(created: CreatedInvitation | null) {
  const [image, setImage] = useState<{ src: string } | { error: string } | null>(null);
  useEffect(() => {
    setImage(null);
    if (!created) return;
    let live = true;
    invitationImage(created).then(
      (src) => live && setImage({ src }),
      (error: unknown) => live && setImage({ error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [created]);
  return image;
}

function InvitationItem({ item }: { item: InvitationView }) {
  return (
    <View className="card invitation-item" id={`invitation-${item.id}`} data-status={item.status}>
      <View className="invitation-item__head">
        <Text>
          {ROLE_LABELS[item.role]}
          {item.name ? ` · ${item.name}` : ''}
        </Text>
        <SoftTag tone={item.status === 'pending' ? 'orange' : item.status === 'used' ? 'green' : 'grey'}>
          {STATUS_LABELS[item.status]}
        </SoftTag>
      </View>
      <Text className="muted">
        {item.departmentName ?? '不限部门'} · {item.projects.map((p) => p.name).join('、') || '全公司'}
      </Text>
      <Text className="muted">
        {item.invitedBy?.name ?? '系统'} 邀请于 {formatShanghaiTime(item.createdAt)}
        {item.usedBy ? ` · ${item.usedBy.name} 已接受` : ` · 有效期至 ${formatShanghaiTime(item.expiresAt)}`}
      </Text>
    </View>
  );
}

/**
 * 邀请成员 (managers and admins): role, department, projects and expiry from the choices the server
 * allows the caller; the new invitation's link and QR code (`#invitation-link`, `#invitation-qr`),
 * shown this once; below, the invitations sent and whether they were used.
 */
export default function InvitationsPage() {
  const user = useRequireLogin();
  const allowed = user?.role === 'admin' || user?.role === 'manager';
  const options = useRequest(fetchStaffOptions, [], { ready: allowed });
  const [values, setValues] = useState<RightsValues>(emptyRights);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const image = useInvitationImage(created);
  const list = usePagedList((page) => listInvitations(page));
  useListPage(list, allowed);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="invitations-forbidden">
          邀请成员供项目经理和公司管理员使用。
        </View>
      </View>
    );
  }

  const submit = async () => {
    const input = {
      role: values.role ?? undefined,
      departmentId: values.departmentId,
      projectIds: values.projectIds,
      name: values.name || undefined,
      title: values.title || undefined,
      expiresInHours: values.expiresInHours,
    };
    const parsed = invitationSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(firstErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }))));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      setCreated(await createInvitation({ ...input, role: parsed.data.role }));
      setValues(emptyRights());
      void list.reload();
    } catch (error) {
      if (error instanceof ApiError && error.details.length) setErrors(firstErrors(error.details));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="page invitations-page">
      <View className={`invitations-layout${created ? ' invitations-layout--result' : ''}`}>
        <View className="card" id="invitation-form">
          <View className="card__title">
            <Text>新邀请</Text>
          </View>
          <PageState id="invitation-options" loading={options.loading} error={options.error} rows={4}>
            {options.data ? (
              <StaffRightsForm
                form="invitation"
                fields={INVITATION_FIELDS}
                options={options.data}
                value={values}
                errors={errors}
                onChange={setValues}
              />
            ) : null}
          </PageState>
          <Button
            id="invitation-submit"
            type="primary"
            block
            loading={submitting}
            disabled={submitting || !options.data}
            onClick={() => void submit()}
          >
            生成邀请
          </Button>
        </View>
        {created ? (
          <View className="card invitation-result" id="invitation-result" data-code={created.code}>
            <View className="card__title">
              <Text>邀请已生成（{ROLE_LABELS[created.invitation.role]}）</Text>
            </View>
            <Text className="muted">
              请把链接或二维码发给被邀请人；邀请码只显示这一次，有效期至{' '}
              {formatShanghaiTime(created.invitation.expiresAt)}，只能使用一次。
            </Text>
            <View className="invitation-result__link" id="invitation-link">
              {invitationLink(created)}
            </View>
            <Button
              id="invitation-copy"
              fill="outline"
              block
              onClick={() => void Taro.setClipboardData({ data: invitationLink(created) })}
            >
              复制链接
            </Button>
            {image === null ? (
              <Text className="muted" id="invitation-qr-loading">
                正在生成二维码…
              </Text>
            ) : 'src' in image ? (
              <Image className="invitation-result__qr" id="invitation-qr" src={image.src} mode="aspectFit" />
            ) : (
              <Text className="field-error" id="invitation-qr-error">
                {image.error}
              </Text>
            )}
          </View>
        ) : null}
      </View>
      <View className="card__title">
        <Text>已发出的邀请</Text>
      </View>
      <PagedList
        id="invitations"
        list={list}
        unit="份"
        emptyText="还没有发出邀请"
        renderItem={(item) => <InvitationItem key={item.id} item={item} />}
      />
    </View>
  );
}
