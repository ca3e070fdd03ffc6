import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { KIND_LABELS, formatShanghaiTime, summaryRequired, type ActionName, type RequestDetail } from '@linli/shared';
import { formatFen } from '../../utils/money';
import DeadlinesCard from '../Deadlines';
import PhotoGrid from '../PhotoGrid';
import RatingStars from '../RatingStars';
import SoftTag, { type Tone } from '../SoftTag';
import StatusTag from '../StatusTag';
import Timeline from '../Timeline';
import './index.scss';

export function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className="detail-row">
      <Text className="detail-row__label">{label}</Text>
      <Text className="detail-row__value" id={id}>
        {children}
      </Text>
    </View>
  );
}

const CONTENT_TITLES: Record<RequestDetail['kind'], string> = {
  complaint: '投诉内容',
  repair: '报修内容',
  suggestion: '建议/咨询内容',
};

const FEE_STATUS: Record<NonNullable<RequestDetail['fee']>['status'], { label: string; tone: Tone }> = {
  pending: { label: '待业主确认', tone: 'orange' },
  confirmed: { label: '业主已确认', tone: 'green' },
  declined: { label: '业主未接受', tone: 'red' },
  // A manager approved waiving it (费用减免): the work goes on without the resident's consent.
  waived: { label: '已减免', tone: 'green' },
};

const FEE_DECIDED: Record<NonNullable<RequestDetail['fee']>['status'], string> = {
  pending: '回复',
  confirmed: '确认',
  declined: '回复',
  waived: '减免',
};

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
}

function FeeCard({ detail, onAction }: { detail: RequestDetail; onAction: (action: ActionName) => void }) {
  const fee = detail.fee;
  if (!fee) return null;
  const canConfirm = detail.actions.includes('confirm_fee');
  const canDecline = detail.actions.includes('decline_fee');
  return (
    <View className="card detail-fee" id="detail-fee" data-status={fee.status}>
      <View className="card__title">
        <Text>费用报价</Text>
        <SoftTag tone={FEE_STATUS[fee.status].tone}>{FEE_STATUS[fee.status].label}</SoftTag>
      </View>
      {fee.items.map((item, index) => (
        <View className="detail-fee__item" key={index}>
          <Text>{item.name}</Text>
          <Text>{formatFen(item.amountFen)}</Text>
        </View>
      ))}
      <View className="detail-fee__total">
        <Text>合计</Text>
        <Text id="detail-fee-total">{formatFen(fee.totalFen)}</Text>
      </View>
      <Text className="muted">
        报价于 {formatShanghaiTime(fee.quotedAt)}
        {fee.decidedAt ? `，${FEE_DECIDED[fee.status] ?? '回复'}于 ${formatShanghaiTime(fee.decidedAt)}` : ''}
      </Text>
      {canConfirm || canDecline ? (
        <View className="detail-fee__actions">
          {canDecline ? (
            <Button id="action-decline_fee" fill="outline" type="danger" onClick={() => onAction('decline_fee')}>
              不接受
            </Button>
          ) : null}
          {canConfirm ? (
            <Button id="action-confirm_fee" type="primary" onClick={() => onAction('confirm_fee')}>
              确认费用
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/**
 * 请业主补充: what staff asked the resident to add, pinned under the head until the resident adds
 * information; the resident (or the desk, for a caller on the phone) answers it from here.
 */
function InfoRequestCard(props: { detail: RequestDetail; staffSide: boolean; onAction: (action: ActionName) => void }) {
  const { detail, staffSide, onAction } = props;
  const question = detail.infoRequest;
  if (!question) return null;
  const canAnswer = detail.actions.includes('add_info');
  return (
    <View className="card detail-question" id="detail-info-request">
      <View className="card__title">
        <Text>{staffSide ? '已请业主补充，等待回复' : '物业请您补充'}</Text>
        <Text className="muted">{formatShanghaiTime(question.at)}</Text>
      </View>
      <Text className="detail-content" id="detail-info-request-note">
        {question.note}
      </Text>
      {canAnswer ? (
        <Button id="detail-info-request-answer" type="primary" block onClick={() => onAction('add_info')}>
          补充说明
        </Button>
      ) : null}
    </View>
  );
}

/** The fee buttons live on the fee card while a quote is shown; 补充说明 on the question card. */
export function actionsShownOnCards(detail: RequestDetail): ActionName[] {
  return [
    ...(detail.fee ? (['confirm_fee', 'decline_fee'] as const) : []),
    ...(detail.infoRequest ? (['add_info'] as const) : []),
  ];
}

/**
 * Everything in a `RequestDetail`, for every role (the server leaves out what the caller may
 * not see): head, content (with the filing photos), repair details, time limits, fee quote,
 * invalid ruling, result, people, callback window, ratings and the timeline. `actions` renders between the head
 * and the rest.
 */
export default function RequestDetailView(props: {
  detail: RequestDetail;
  created?: boolean;
  onAction: (action: ActionName) => void;
  actions?: ReactNode;
  /** Offer to call the resident (staff side). */
  onCallContact?: boolean;
}) {
  const { detail, created, onAction, actions, onCallContact } = props;
  const filingPhotos = detail.events.find((event) => event.action === 'create')?.photos ?? [];
  const repair = detail.repair;
  const assignee = detail.assignee;
  // Staff handling the request get the full number (the server masks it for everyone else).
  const canCallContact = !!onCallContact && !!detail.contactPhone && !detail.contactPhone.includes('*');
  const feeAwaitsDecision = detail.actions.includes('confirm_fee') || detail.actions.includes('decline_fee');

  return (
    <>
      {created ? (
        <View className="detail-created" id="detail-created">
          {detail.source === 'mini_program'
            ? `提交成功，编号 ${detail.number}。物业客服会尽快受理，请留意处理进度。`
            : `已登记，编号 ${detail.number}。您是这条诉求的首问负责人，可随时查看进度。`}
        </View>
      ) : null}
      <View className="card detail-head">
        <View className="detail-head__top">
          <Text className="detail-head__number" id="detail-number">
            {detail.number}
          </Text>
          <View id="detail-status" data-status={detail.status}>
            <StatusTag status={detail.status} />
          </View>
        </View>
        <Text className="detail-head__category" id="detail-category">
          {KIND_LABELS[detail.kind] ?? detail.kind} · {detail.categoryName}
        </Text>
        {detail.maliciousAt ? (
          <View id="detail-malicious">
            <SoftTag tone="red">恶意投诉 · 不计入有效投诉</SoftTag>
          </View>
        ) : null}
        <Text className="muted">
          提交于 {formatShanghaiTime(detail.createdAt)}
          {detail.round > 1 ? ` · 第 ${detail.round} 次处理` : ''}
          {detail.urgeCount > 0 ? ` · 已催办 ${detail.urgeCount} 次` : ''}
        </Text>
        {detail.contentFlagged ? (
          <Text className="detail-head__warning" id="detail-content-flag">
            内容待复核：微信内容安全检测提示其中有文字需要人工查看
          </Text>
        ) : null}
        {detail.dispatchWarning ? (
          <Text className="detail-head__warning" id="detail-dispatch-warning">
            {detail.dispatchWarning}
          </Text>
        ) : null}
      </View>

      {/* A question and a quote waiting for the caller come first: the work waits on them. */}
      <InfoRequestCard detail={detail} staffSide={!!onCallContact} onAction={onAction} />
      {feeAwaitsDecision ? <FeeCard detail={detail} onAction={onAction} /> : null}

      {actions}

      <View className="card">
        <View className="card__title">
          <Text>{CONTENT_TITLES[detail.kind] ?? '内容'}</Text>
        </View>
        <Text className="detail-content" id="detail-content">
          {detail.content}
        </Text>
        <PhotoGrid idPrefix="detail-photo" photos={filingPhotos} />
        <View className="detail-rows">
          {repair ? (
            <>
              <Row label="维修类型" id="detail-repair-scope">
                {repair.scopeLabel}
              </Row>
              <Row label="紧急程度" id="detail-urgency">
                {repair.urgency === 'urgent' ? (
                  <Text className="detail-urgent">{repair.urgencyLabel}</Text>
                ) : (
                  repair.urgencyLabel
                )}
              </Row>
              <Row label="报修物品" id="detail-repair-item">
                {repair.item || '未填写'}
              </Row>
              <Row label="具体位置" id="detail-repair-location">
                {repair.location || '未填写'}
              </Row>
              {repair.model ? (
                <Row label="材料/型号" id="detail-repair-model">
                  {repair.model}
                </Row>
              ) : null}
              <Row label="预约上门" id="detail-appointment">
                {repair.appointmentAt ? formatShanghaiTime(repair.appointmentAt) : '未预约'}
              </Row>
            </>
          ) : null}
          {detail.kind === 'complaint' || detail.occurredPlace ? (
            <Row label="发生地点" id="detail-place">
              {detail.occurredPlace || '未填写'}
            </Row>
          ) : null}
          {detail.kind === 'complaint' || detail.occurredAt ? (
            <Row label="发生时间" id="detail-occurred-at">
              {detail.occurredAt ? formatShanghaiTime(detail.occurredAt) : '未填写'}
            </Row>
          ) : null}
          {detail.kind === 'complaint' || detail.demand ? (
            <Row label="业主要求" id="detail-demand">
              {detail.demand || '未填写'}
            </Row>
          ) : null}
          {detail.subjectOfComplaint ? (
            <Row label="被投诉方" id="detail-subject">
              {detail.subjectOfComplaint}
            </Row>
          ) : null}
        </View>
      </View>

      <DeadlinesCard deadlines={detail.deadlines} />

      {feeAwaitsDecision ? null : <FeeCard detail={detail} onAction={onAction} />}

      {detail.invalid ? (
        <View className="card detail-invalid" id="detail-invalid">
          <View className="card__title">
            <Text>不属于物业职责范围</Text>
            {detail.status === 'invalid_pending' ? <SoftTag tone="orange">待项目经理审批</SoftTag> : null}
          </View>
          <Text className="detail-content" id="detail-invalid-explanation">
            {detail.invalid.explanation}
          </Text>
          <Row label="责任单位" id="detail-invalid-body">
            {detail.invalid.responsibleBody}
          </Row>
        </View>
      ) : null}

      {detail.result ? (
        <View className="card">
          <View className="card__title">
            <Text>处理结果</Text>
            {detail.resolvedAt ? <Text className="muted">{formatShanghaiTime(detail.resolvedAt)}</Text> : null}
          </View>
          <Text className="detail-content" id="detail-result">
            {detail.result}
          </Text>
        </View>
      ) : null}

      <View className="card">
        <View className="card__title">
          <Text>相关信息</Text>
        </View>
        <Row label="房屋" id="detail-house">
          {detail.roomLabel || '—'}
        </Row>
        <View className="detail-row">
          <Text className="detail-row__label">联系人</Text>
          <View className="detail-row__value detail-assignee">
            <Text id="detail-contact">
              {detail.contactName} {detail.contactPhone}
            </Text>
            {canCallContact ? (
              <Text
                className="card__link detail-assignee__phone"
                id="detail-contact-call"
                onClick={() => call(detail.contactPhone)}
              >
                拨打电话
              </Text>
            ) : onCallContact ? (
              <Text className="detail-row__hint" id="detail-contact-masked">
                仅经办人员可见完整号码
              </Text>
            ) : null}
          </View>
        </View>
        <Row label="处理部门" id="detail-department">
          {detail.departmentName || '待分派'}
        </Row>
        {assignee ? (
          <View className="detail-row">
            <Text className="detail-row__label">处理人</Text>
            <View className="detail-row__value detail-assignee" id="detail-assignee">
              <Text>
                {assignee.name}
                {assignee.title ? `（${assignee.title}）` : ''}
              </Text>
              {assignee.phone ? (
                <Text
                  className="card__link detail-assignee__phone"
                  id="detail-assignee-phone"
                  onClick={() => call(assignee.phone!)}
                >
                  {assignee.phone}
                </Text>
              ) : null}
            </View>
          </View>
        ) : null}
        {/* The grades A–E classify complaints; a resident reads a repair's urgency instead. */}
        {detail.gradeLabel && (onCallContact || detail.kind !== 'repair') ? (
          <Row label="类别" id="detail-grade">
            {detail.grade} {detail.gradeLabel}
          </Row>
        ) : null}
        {detail.sourceLabel ? (
          <Row label="来源" id="detail-source">
            {detail.sourceLabel}
          </Row>
        ) : null}
        {detail.firstContactName ? (
          <Row label="首问负责人" id="detail-first-contact">
            {detail.firstContactName}
          </Row>
        ) : null}
        {detail.callbackDueAt && detail.status === 'resolved' ? (
          <Row label="回访期限" id="detail-callback-due">
            {formatShanghaiTime(detail.callbackDueAt)} 前
          </Row>
        ) : null}
        {detail.closedAt ? (
          <Row label="关闭时间" id="detail-closed-at">
            {formatShanghaiTime(detail.closedAt)}
          </Row>
        ) : null}
      </View>

      {detail.ratings.length > 0 ? (
        <View className="card" id="detail-ratings">
          <View className="card__title">
            <Text>评价与回访</Text>
          </View>
          {detail.ratings.map((rating, index) => (
            <View
              className="detail-rating"
              key={index}
              id={`detail-rating-${index}`}
              data-satisfaction={rating.satisfaction}
            >
              <View className="detail-rating__head">
                <SoftTag
                  tone={
                    rating.satisfaction === 'unsatisfied'
                      ? 'red'
                      : rating.satisfaction === 'satisfied'
                        ? 'green'
                        : 'blue'
                  }
                >
                  {rating.satisfactionLabel}
                </SoftTag>
                <Text className="muted">
                  {rating.source === 'callback' ? '电话回访' : '业主评价'} · {rating.byName}
                  {detail.round > 1 || rating.round > 1 ? ` · 第 ${rating.round} 次处理` : ''}
                </Text>
              </View>
              {rating.speed || rating.quality || rating.attitude ? (
                <View className="detail-rating__scores">
                  {rating.speed ? (
                    <View className="detail-rating__score">
                      <Text className="muted">速度</Text>
                      <RatingStars value={rating.speed} small />
                    </View>
                  ) : null}
                  {rating.quality ? (
                    <View className="detail-rating__score">
                      <Text className="muted">质量</Text>
                      <RatingStars value={rating.quality} small />
                    </View>
                  ) : null}
                  {rating.attitude ? (
                    <View className="detail-rating__score">
                      <Text className="muted">态度</Text>
                      <RatingStars value={rating.attitude} small />
                    </View>
                  ) : null}
                </View>
              ) : null}
              {rating.comment ? <Text className="detail-rating__text">{rating.comment}</Text> : null}
              {rating.shortcomings ? (
                <Text className="detail-rating__text">不足之处：{rating.shortcomings}</Text>
              ) : null}
              {rating.suggestions ? <Text className="detail-rating__text">业主建议：{rating.suggestions}</Text> : null}
              <Text className="muted">{formatShanghaiTime(rating.createdAt)}</Text>
              {(rating.replies ?? []).map((reply, replyIndex) => (
                <View
                  className="detail-rating__reply"
                  key={replyIndex}
                  id={`detail-rating-${index}-reply-${replyIndex}`}
                >
                  <Text className="detail-rating__reply-by">物业答复 · {reply.byName}</Text>
                  <Text className="detail-rating__text">{reply.note}</Text>
                  <Text className="muted">{formatShanghaiTime(reply.createdAt)}</Text>
                </View>
              ))}
            </View>
          ))}
        </View>
      ) : null}

      <SummaryCard detail={detail} />

      <View className="card">
        <View className="card__title">
          <Text>处理进度</Text>
        </View>
        <Timeline events={detail.events ?? []} />
      </View>
    </>
  );
}

/**
 * 总结 for staff (residents never receive it): what it says once written; before, for a complaint
 * the desk must close, a reminder of why 回访 waits.
 */
function SummaryCard(props: { detail: RequestDetail }) {
  const { detail } = props;
  const { summary } = detail;
  if (!summary) {
    const waits = summaryRequired(detail.kind) && (detail.actions ?? []).includes('summarize');
    return waits && detail.status === 'resolved' ? (
      <View className="card detail-summary" id="detail-summary-missing">
        <View className="card__title">
          <Text>总结</Text>
          <SoftTag tone="orange">待总结</SoftTag>
        </View>
        <Text className="muted">投诉须先填写原因分析、补救措施和纠正措施，再回访关闭。</Text>
      </View>
    ) : null;
  }
  return (
    <View className="card detail-summary" id="detail-summary">
      <View className="card__title">
        <Text>总结</Text>
        <Text className="muted">
          {summary.summarizedByName ? `${summary.summarizedByName} · ` : ''}
          {formatShanghaiTime(summary.summarizedAt)}
        </Text>
      </View>
      <Row label="原因分析" id="detail-summary-cause">
        {summary.rootCauseLabel}
      </Row>
      <Row label="补救措施" id="detail-summary-remedy">
        {summary.remedy}
      </Row>
      <Row label="纠正措施" id="detail-summary-corrective">
        {summary.correctiveMeasure}
      </Row>
    </View>
  );
}
