import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import {
  BINDING_MISMATCH_LABELS,
  OWNER_RELATION_LABELS,
  formatShanghaiTime,
  formatZodIssues,
  rejectBindingSchema,
  type HouseBindingReviewView,
  type Role,
} from '@linli/shared';
import FieldError from '../../../components/FieldError';
import PagedList from '../../../components/PagedList';
import SoftTag from '../../../components/SoftTag';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { ApiError } from '../../../services/http';
import { approveBinding, pendingBindings, rejectBinding } from '../../../services/houses';
import { firstErrors } from '../../../utils/form';
import './index.scss';

const REVIEWERS: readonly Role[] = ['receptionist', 'manager', 'admin'];

function RejectPopup(props: { binding: HouseBindingReviewView; onClose: () => void; onDone: () => void }) {
  const { binding, onClose, onDone } = props;
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const parsed = rejectBindingSchema.safeParse({ reason });
    if (!parsed.success) {
      setError(firstErrors(formatZodIssues(parsed.error)).reason ?? '请填写驳回原因');
      return;
    }
    setBusy(true);
    try {
      await rejectBinding(binding.id, parsed.data.reason, binding.revision);
      void Taro.showToast({ title: '已驳回', icon: 'none' });
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.reason) setError(err.fieldErrors.reason);
      else if (err instanceof ApiError && err.status === 409) onDone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible position="bottom" round closeable title="驳回绑定" onClose={onClose}>
      <View className="binding-reject" id="binding-reject-form">
        <Text className="muted">
          {binding.room.label} · {binding.name}
        </Text>
        <View className="form-field">
          <Text className="form-label form-label--required">驳回原因（业主可见）</Text>
          <Textarea
            id="binding-reject-reason"
            className="form-textarea form-textarea--short"
            value={reason}
            maxlength={200}
            fixed
            placeholder="如：与业主名册不一致，请携带房产证到物业服务中心办理"
            onInput={(e) => {
              setReason(e.detail.value);
              setError('');
            }}
          />
          <FieldError form="binding" field="reason" message={error} />
        </View>
        <View className="binding-reject__foot">
          <Button id="binding-reject-dismiss" fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button id="binding-reject-submit" type="danger" loading={busy} disabled={busy} onClick={() => void submit()}>
            驳回
          </Button>
        </View>
      </View>
    </Popup>
  );
}

/**
 * The claim beside the owner register's entry for the room (masked, as for anyone not handling a
 * request), with what did not match: `#binding-<id>-register`, `#binding-<id>-mismatches`.
 */
function RegisterCompare({ binding }: { binding: HouseBindingReviewView }) {
  const { id, register, mismatches, holders, phoneVerified } = binding;
  return (
    <View className="binding__compare">
      <View className="binding__line">
        <Text className="binding__key">申请人</Text>
        <View className="binding__value">
          <Text className="binding__who">
            {binding.name} · {binding.phone}
          </Text>
          <SoftTag tone={phoneVerified ? 'green' : 'grey'}>{phoneVerified ? '微信已验证' : '未验证'}</SoftTag>
        </View>
      </View>
      <View className="binding__line" id={`binding-${id}-register`}>
        <Text className="binding__key">名册登记</Text>
        <View className="binding__value binding__value--column">
          {register.length === 0 ? (
            <Text className="binding__none">名册中没有该房间的登记</Text>
          ) : (
            register.map((entry, index) => (
              <Text key={index} className="binding__entry">
                {entry.name} · {entry.phone}（{OWNER_RELATION_LABELS[entry.relation]}）
              </Text>
            ))
          )}
        </View>
      </View>
      <View className="binding__line" id={`binding-${id}-mismatches`} data-mismatches={mismatches.join(',')}>
        <Text className="binding__key">核对结果</Text>
        <View className="binding__value binding__value--wrap">
          {mismatches.length === 0 ? (
            <SoftTag tone="green">与名册一致</SoftTag>
          ) : (
            mismatches.map((field) => (
              <SoftTag key={field} tone={field === 'identity' ? 'orange' : 'red'}>
                {BINDING_MISMATCH_LABELS[field]}
              </SoftTag>
            ))
          )}
        </View>
      </View>
      {holders > 0 ? (
        <Text className="binding__held" id={`binding-${id}-held`}>
          该房屋已有 {holders} 位住户绑定，他们已收到提醒；请核实申请人与其关系后再通过。
        </Text>
      ) : null}
    </View>
  );
}

/** 绑定审核: pending house bindings (`#binding-<id>`), approve (`#binding-approve-<id>`) or reject with a reason. */
export default function BindingsPage() {
  const user = useRequireLogin();
  const allowed = !!user && REVIEWERS.includes(user.role);
  const list = usePagedList((page) => pendingBindings(page));
  useListPage(list, allowed);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<HouseBindingReviewView | null>(null);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="bindings-forbidden">
          绑定审核由客服接待和项目经理办理。
        </View>
      </View>
    );
  }

  const approve = async (binding: HouseBindingReviewView) => {
    setBusyId(binding.id);
    try {
      await approveBinding(binding.id, binding.revision);
      void Taro.showToast({ title: `已通过：${binding.room.label}`, icon: 'none' });
    } catch {
      // the request wrapper showed why
    } finally {
      setBusyId(null);
      void list.reload();
    }
  };

  return (
    <View className="page bindings-page">
      <PagedList
        id="bindings"
        list={list}
        emptyText="没有待审核的房屋绑定"
        renderItem={(binding) => (
          <View className="card binding" key={binding.id} id={`binding-${binding.id}`}>
            <Text className="binding__room">{binding.room.label}</Text>
            <RegisterCompare binding={binding} />
            <Text className="muted">申请于 {formatShanghaiTime(binding.createdAt)}</Text>
            <View className="binding__actions">
              <Button
                id={`binding-reject-${binding.id}`}
                className="binding__action"
                fill="outline"
                type="danger"
                disabled={busyId !== null}
                onClick={() => setRejecting(binding)}
              >
                驳回
              </Button>
              <Button
                id={`binding-approve-${binding.id}`}
                className="binding__action"
                type="primary"
                loading={busyId === binding.id}
                disabled={busyId !== null}
                onClick={() => void approve(binding)}
              >
                通过
              </Button>
            </View>
          </View>
        )}
      />
      {rejecting ? (
        <RejectPopup
          binding={rejecting}
          onClose={() => setRejecting(null)}
          onDone={() => {
            setRejecting(null);
            void list.reload();
          }}
        />
      ) : null}
    </View>
  );
}
