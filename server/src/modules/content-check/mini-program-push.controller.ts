import { Controller, Get, Header, HttpCode, Logger, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/authenticated.decorator';
import { AppError } from '../../common/errors/app-error';
import { parseFlatXml } from '../wechat/official-account-push';
import { MiniProgramPushVerification } from '../wechat/push-verification';
import { MediaCheckService } from './media-check.service';

/**
 * The mini-program's message-push URL (开发管理 → 消息推送): WeChat checks it with GET (echostr)
 * and pushes events with POST, signed (and in safe mode encrypted) exactly like the official
 * account's. The one event Linli takes is wxa_media_check, the verdict of mediaCheckAsync.
 */
@ApiExcludeController()
@Controller('wechat/mini-program')
export class MiniProgramPushController {
  private readonly logger = new Logger(MiniProgramPushController.name);

  constructor(
    private readonly verification: MiniProgramPushVerification,
    private readonly media: MediaCheckService,
  ) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  verify(@Query() query: Record<string, unknown>): Promise<string> {
    return this.verification.echo(query);
  }

  @Post()
  @Public()
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  async push(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest): Promise<string> {
    const push = await this.verification.open(query, typeof request.body === 'string' ? request.body : '');
    const fields = parseFlatXml(push.xml);
    if (!fields) throw new AppError('BAD_REQUEST', '不是微信推送的消息');
    if (fields.MsgType !== 'event' || fields.Event !== 'wxa_media_check') return 'success';
    const verdict = mediaVerdict(push.xml);
    const traceId = fields.trace_id;
    if (!verdict || !traceId || traceId.length > 64) {
      throw AppError.validation([{ field: 'result', message: '图片检测结果不完整' }], '推送的字段不合规');
    }
    try {
      if (await this.media.verdict(traceId, verdict)) return 'success';
    } catch (error) {
      await this.verification.release(push);
      throw error;
    }
    // The push may come before the trace id was stored (WeChat was quick): refused, so WeChat
    // pushes it again, and the nonce let go so that retry is not taken for a replay.
    await this.verification.release(push);
    this.logger.warn({ traceId }, 'wxa_media_check for an unknown trace id');
    throw new AppError('SERVICE_UNAVAILABLE', '未找到对应的图片检测，请稍后重试');
  }
}

/**
 * The v2 verdict sits in the nested `<result>` (each `<detail>` carries a suggest of its own,
 * so the flat fields cannot be trusted for it).
 */
export function mediaVerdict(xml: string): 'pass' | 'review' | 'risky' | null {
  const result = /<result>([\s\S]*?)<\/result>/.exec(xml)?.[1];
  if (!result) return null;
  const suggest = /<suggest>(?:<!\[CDATA\[([^\]]*)\]\]>|([^<]*))<\/suggest>/.exec(result);
  const value = suggest?.[1] ?? suggest?.[2];
  return value === 'pass' || value === 'review' || value === 'risky' ? value : null;
}
