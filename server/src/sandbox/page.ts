import { cutGraphemes } from '@linli/shared';
import { describeFault } from './faults';
import type { SandboxState } from './sandbox.state';
import type { AppKind, FaultRule, SandboxCall, SandboxMessage } from './sandbox.types';

const RECENT_CALLS = 50;

/** The sandbox's own page: what each user's phone would show, and what the server called. */
export function renderPage(state: SandboxState): string {
  const mpUsers = people(state, 'subscribe', [...state.users.keys()]);
  const followers = people(state, 'template', [...state.followers.keys()]);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>微信沙箱 · 邻里</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>微信沙箱</h1>
  <p>模拟微信服务器接口，供开发与测试使用。小程序 AppID：<code>${escape(state.apps.miniProgram.appid)}</code>，
  公众号 AppID：<code>${escape(state.apps.officialAccount.appid)}</code>，
  消息推送：${state.callback ? `<code>${escape(state.callback.url)}</code>` : '未配置'}，
  小程序消息推送（图片检测结果）：${state.miniProgramCallback ? `<code>${escape(state.miniProgramCallback.url)}</code>` : '未配置'}。页面每 5 秒自动刷新。</p>
</header>
${faultList(state.faultRules.list())}
<h2>小程序用户 · 订阅消息</h2>
<section class="phones">${mpUsers.map((openid) => residentPhone(state, openid)).join('') || empty('还没有小程序用户登录')}</section>
<h2>公众号关注者 · 模板消息</h2>
<section class="phones">${followers.map((openid) => followerPhone(state, openid)).join('') || empty('还没有公众号关注者')}</section>
<h2>最近接口调用</h2>
${callsTable(state.calls.slice(-RECENT_CALLS).reverse())}
</body>
</html>`;
}

/** Known users plus anyone a message was addressed to, in a stable order. */
function people(state: SandboxState, channel: SandboxMessage['channel'], known: string[]): string[] {
  const recipients = state.messages.filter((m) => m.channel === channel).map((m) => m.touser);
  return [...new Set([...known, ...recipients])].sort();
}

function inbox(state: SandboxState, openid: string, channel: SandboxMessage['channel']): SandboxMessage[] {
  return state.messages.filter((m) => m.touser === openid && m.channel === channel).reverse();
}

function residentPhone(state: SandboxState, openid: string): string {
  const user = state.users.get(openid);
  const credits = Object.entries(state.creditsByTemplate(openid))
    .map(([id, count]) => `${escape(templateTitle(state, 'miniProgram', id))} ×${count}`)
    .join('，');
  const messages = inbox(state, openid, 'subscribe');
  return phone(
    openid,
    [user?.unionid ? `UnionID：${escape(user.unionid)}` : '', `剩余订阅次数：${credits || '无'}`],
    '服务通知',
    messages.map((message) =>
      card(
        templateTitle(state, 'miniProgram', message.template_id),
        message,
        Object.entries(message.data).map(([key, entry]) => [key, entry.value]),
        message.page ? `进入小程序查看 › ${escape(message.page)}` : '',
      ),
    ),
  );
}

function followerPhone(state: SandboxState, openid: string): string {
  const follower = state.followers.get(openid);
  const status = follower ? (follower.following ? '已关注' : '未关注') : '未知用户';
  const messages = inbox(state, openid, 'template');
  return phone(
    openid,
    [follower?.unionid ? `UnionID：${escape(follower.unionid)}` : '', `状态：${status}`],
    '公众号消息',
    messages.map((message) => {
      const link = message.miniprogram?.pagepath
        ? `进入小程序 › ${escape(message.miniprogram.pagepath)}`
        : message.url
          ? `详情 › ${escape(message.url)}`
          : '';
      return card(
        templateTitle(state, 'officialAccount', message.template_id),
        message,
        Object.entries(message.shown ?? {}),
        link,
      );
    }),
  );
}

function phone(openid: string, facts: string[], inboxName: string, cards: string[]): string {
  return `<article class="phone">
  <div class="notch"></div>
  <div class="who"><strong>${escape(openid)}</strong>${facts
    .filter(Boolean)
    .map((f) => `<span>${f}</span>`)
    .join('')}</div>
  <div class="inbox-title">${inboxName}（${cards.length}）</div>
  <div class="inbox">${cards.join('') || '<p class="none">暂无消息</p>'}</div>
</article>`;
}

function card(title: string, message: SandboxMessage, lines: Array<[string, string]>, link: string): string {
  return `<div class="card">
  <div class="card-title">${escape(title)}</div>
  <div class="card-id">模板 ${escape(message.template_id)} · msgid ${escape(message.msgid)}</div>
  <dl>${lines.map(([key, value]) => `<dt>${escape(key)}</dt><dd>${escape(value)}</dd>`).join('')}</dl>
  ${link ? `<div class="card-link">${link}</div>` : ''}
  <div class="card-time">${escape(formatTime(message.receivedAt))}</div>
</div>`;
}

/** Shown only while faults are injected, so nobody wonders why WeChat misbehaves. */
function faultList(rules: FaultRule[]): string {
  if (rules.length === 0) return '';
  const items = rules.map(
    (rule) =>
      `<li>#${rule.id} ${escape(rule.api ?? '所有接口')}${rule.touser ? ` → ${escape(rule.touser)}` : ''}：` +
      `<code>${escape(describeFault(rule.outcome))}</code>，${rule.remaining === null ? '直到清除' : `还剩 ${rule.remaining} 次`}</li>`,
  );
  return `<h2 class="faults">故障注入中</h2><ul class="faults">${items.join('')}</ul>`;
}

function callsTable(calls: SandboxCall[]): string {
  if (calls.length === 0) return empty('还没有接口调用');
  const rows = calls
    .map(
      (call) => `<tr class="${succeeded(call) ? 'ok' : 'err'}">
  <td>${escape(formatTime(call.at))}</td><td>${call.method}</td><td><code>${escape(call.path)}</code></td>
  <td>${escape(outcome(call))}</td>
  <td><code>${escape(summary(call))}</code></td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>时间</th><th>方法</th><th>接口</th><th>结果</th><th>参数</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function succeeded(call: SandboxCall): boolean {
  return call.api === 'event_push' ? call.status !== null && call.status < 300 : call.errcode === 0;
}

function outcome(call: SandboxCall): string {
  const result =
    call.status === null
      ? call.api === 'event_push'
        ? '推送失败'
        : '连接断开'
      : call.errcode === null
        ? `HTTP ${call.status}`
        : call.errcode === 0
          ? '成功'
          : `错误 ${call.errcode}`;
  return call.fault ? `${result}（故障：${call.fault}）` : result;
}

function summary(call: SandboxCall): string {
  // A push's XML is its content; what the developer server answered matters as much.
  if (call.api === 'event_push') return clip(`${String(call.body)} → ${call.response ?? ''}`);
  const query = Object.entries(call.query)
    // Tokens are long and unreadable; the start is enough to tell them apart.
    .map(([key, value]) => `${key}=${key === 'access_token' ? `${value.slice(0, 8)}…` : value}`)
    .join('&');
  const body = call.body === undefined ? '' : JSON.stringify(call.body);
  return clip([query, body].filter(Boolean).join(' '));
}

// Bodies carry residents' text: cut between graphemes, so the page shows no half emoji.
function clip(text: string): string {
  return cutGraphemes(text, 301);
}

function templateTitle(state: SandboxState, app: AppKind, templateId: string): string {
  return state.apps[app].templates.get(templateId)?.title ?? templateId;
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function empty(message: string): string {
  return `<p class="none">${message}</p>`;
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
body { font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  margin: 0; padding: 16px 24px; background: #f2f3f5; color: #222; }
header p { color: #666; font-size: 14px; }
h1 { margin: 0 0 4px; font-size: 22px; } h2 { font-size: 17px; margin: 24px 0 12px; }
code { font-size: 12px; background: #e8e8ea; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
.phones { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
.phone { width: 300px; background: #ededed; border: 10px solid #1f1f1f; border-radius: 32px;
  padding: 8px 10px 16px; box-shadow: 0 4px 14px rgba(0,0,0,.15); }
.notch { width: 90px; height: 14px; background: #1f1f1f; border-radius: 0 0 10px 10px; margin: -8px auto 8px; }
.who { font-size: 13px; word-break: break-all; } .who span { display: block; color: #666; font-size: 12px; }
.inbox-title { margin: 10px 0 6px; font-size: 13px; color: #576b95; font-weight: 600; }
.inbox { max-height: 520px; overflow-y: auto; }
.card { background: #fff; border-radius: 8px; padding: 10px 12px; margin-bottom: 10px; }
.card-title { font-weight: 600; font-size: 15px; } .card-id { color: #999; font-size: 11px; margin: 2px 0 6px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 10px; margin: 0; font-size: 13px; }
dt { color: #888; } dd { margin: 0; word-break: break-all; }
.card-link { border-top: 1px solid #eee; margin-top: 8px; padding-top: 6px; font-size: 13px; color: #576b95; }
.card-time { color: #aaa; font-size: 11px; margin-top: 4px; text-align: right; }
.none { color: #999; font-size: 13px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th, td { border-bottom: 1px solid #eee; padding: 6px 8px; text-align: left; vertical-align: top; }
td:nth-child(3) code { white-space: nowrap; }
ul.faults { background: #fff4e5; border-left: 4px solid #e37400; margin: 0; padding: 8px 8px 8px 28px; font-size: 13px; }
h2.faults { color: #e37400; }
tr.err td:nth-child(4) { color: #d93025; } tr.ok td:nth-child(4) { color: #188038; }
`;
