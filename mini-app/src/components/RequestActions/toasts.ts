import type { ActionName } from '@linli/shared';

/**
 * What a person reads after an action went through: the outcome in their words, never
 * "<action>成功". A Record over every action, so a new action fails the type check until it has one.
 */
export const ACTION_TOASTS: Record<ActionName, string> = {
  accept: '已受理',
  rule_invalid: '已提交无效判定，等待审批',
  approve_invalid: '已批准无效判定',
  reject_invalid: '已驳回无效判定',
  dispatch: '已派单',
  claim: '已抢到这一单',
  take: '已接单',
  reassign: '已改派',
  transfer: '已转部门',
  return: '已退单',
  start: '已开始处理',
  progress: '已记录进展',
  quote_fee: '报价已发给业主',
  confirm_fee: '已确认费用',
  decline_fee: '已告知不接受费用',
  pause: '已挂起',
  resume: '已恢复处理',
  complete: '已提交完成',
  rate: '感谢您的评价',
  callback: '回访已记录',
  resolve_on_spot: '已当场解决',
  summarize: '总结已保存',
  ask_callback: '已告知客服，将电话联系您',
  reopen: '已提交，物业将重新处理',
  cancel: '已撤销',
  urge: '已催办',
  add_info: '补充说明已提交',
  ask_info: '已请业主补充',
  reply: '答复已发给业主',
  note: '备注已保存',
};
