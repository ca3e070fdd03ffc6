import { formatShanghaiTime } from '../format';
import { GRADE_LABELS } from '../kinds';
import type { ApprovalProposal } from './types';

/** The proposal in one sentence, as approvers read it in their list. */
export function approvalSummary(proposal: ApprovalProposal): string {
  switch (proposal.type) {
    case 'grade_change':
      return `等级调整为 ${proposal.grade} 级（${GRADE_LABELS[proposal.grade]}）`;
    case 'extension':
      return `办结时限延至 ${formatShanghaiTime(proposal.newDueAt)}`;
    case 'invalid_ruling':
      return `判定为无效投诉（责任单位：${proposal.responsibleBody}）`;
    case 'close_without_callback':
      return '不经回访直接关闭';
    case 'fee_waiver':
      return '免收本次费用';
    case 'malicious':
      return '认定为恶意投诉，不计入有效投诉';
    case 'pause':
      return `挂起期间暂停办结计时（${formatShanghaiTime(proposal.since)} 起）`;
    case 'group_merge':
      return `合并 ${proposal.childRequestIds.length + 1} 件为一件群体诉求（${proposal.grade} 级）`;
  }
}
