import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { WechatClient, type ContentScene } from '../wechat/wechat.client';
import { RISKY_TEXT_MESSAGE, worstState, type ContentCheckState } from './content-check-state';

/** One free text as written, with the form field a refusal names. */
export interface TextToCheck {
  field: string;
  text: string | null | undefined;
  /** msgSecCheck scene: 3 (forum post) for a request's content, 2 (comment) for a step's words. */
  scene: ContentScene;
}

/**
 * WeChat's msgSecCheck on what residents and staff write, before it is stored: risky text is
 * refused (400 with the field), `review` is stored and flagged for the desk, and when WeChat
 * cannot be reached the text is stored `pending` for the recheck job, so filing never waits on
 * WeChat's health.
 */
@Injectable()
export class ContentCheckService {
  private readonly logger = new Logger(ContentCheckService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wechat: WechatClient,
  ) {}

  get enabled(): boolean {
    return this.config.contentCheck.enabled;
  }

  /**
   * The state to store with these texts (null: nothing to check, or checks off); throws the
   * field-level refusal when any is risky. Run before the transaction: nothing is written for
   * a refused text, and no row lock waits on WeChat.
   */
  async check(writerUserId: number, texts: TextToCheck[]): Promise<ContentCheckState | null> {
    if (!this.enabled) return null;
    const written = texts.filter((entry): entry is TextToCheck & { text: string } => !!entry.text?.trim());
    if (written.length === 0) return null;
    const openid = await this.openidOf(writerUserId);
    const results = await Promise.all(written.map((entry) => this.judge(openid, entry.text, entry.scene)));
    const risky = written.filter((_, index) => results[index] === 'risky');
    if (risky.length) {
      throw AppError.validation(
        risky.map((entry) => ({ field: entry.field, message: RISKY_TEXT_MESSAGE })),
        RISKY_TEXT_MESSAGE,
      );
    }
    return worstState(results as ContentCheckState[]);
  }

  /**
   * Checks stored text again (the recheck job). Risky text found only now was already shown and
   * cannot be refused any more: it is flagged for the desk like `review`.
   */
  async recheck(writerUserId: number | null, texts: string[], scene: ContentScene): Promise<ContentCheckState> {
    const openid = writerUserId === null ? null : await this.openidOf(writerUserId);
    const results = await Promise.all(
      texts.filter((text) => text.trim()).map((text) => this.judge(openid, text, scene)),
    );
    return worstState(results.map((result) => (result === 'risky' ? 'review' : result))) ?? 'pass';
  }

  /**
   * Every account logs in through the mini-program, so every writer has its openid; v2 requires
   * one. WeChat refusing it (40003 an openid it does not know, 43104 another app's) makes the
   * text `unchecked` instead of blocking staff: what they write is their work, not public UGC.
   */
  private async judge(openid: string | null, text: string, scene: ContentScene): Promise<ContentCheckState | 'risky'> {
    if (!openid) return 'unchecked';
    const answer = await this.wechat.msgSecCheck(openid, text, scene);
    if (answer.kind === 'verdict') return answer.suggest;
    if (answer.kind === 'unreachable') {
      this.logger.warn({ reason: answer.reason }, 'msg_sec_check unreachable: text stored, checked again later');
      return 'pending';
    }
    return 'unchecked';
  }

  async openidOf(userId: number): Promise<string | null> {
    const [row] = (await this.dataSource.query('SELECT openid FROM `user` WHERE id = ?', [userId])) as {
      openid: string | null;
    }[];
    return row?.openid ?? null;
  }
}
