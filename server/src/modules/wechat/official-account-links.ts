import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OfficialAccountState, WechatLinkView } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ReferenceDataService } from '../reference/reference-data.service';
import { User } from '../users/user.entity';
import { type BindCode, drawBindCode, formatBindCode, sameSecret } from './bind-code';
import { OfficialAccountLink } from './official-account-link.entity';

const BIND_CODE_LIFETIME_MS = 30 * 60_000;
/** Wrong secrets a code survives: the third kills it, and the staff member gets a new one. */
export const BIND_CODE_MAX_FAILURES = 3;
/** Handles are drawn from 10,000: with hundreds of live codes a few draws may collide. */
const HANDLE_DRAWS = 20;

export type CodeRedemption = { kind: 'linked'; user: User } | { kind: 'unknown' } | { kind: 'wrong' };

/**
 * Staff members' official-account identities: how template messages find them. Whether someone
 * can be reached is part of the cached set-up (the notices choose whom to tell by it, issue 12),
 * so every change of it tells the reference module, in the transaction that makes it.
 */
@Injectable()
export class OfficialAccountLinks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  async view(userId: number): Promise<WechatLinkView> {
    const link = await this.dataSource.manager.findOneBy(OfficialAccountLink, { userId });
    const live = link && isLive(link, this.clock.now());
    return {
      linked: Boolean(link?.openid),
      following: link?.openid ? link.following : null,
      bindCode:
        live && link.bindCode && link.bindSecret
          ? formatBindCode({ handle: link.bindCode, secret: link.bindSecret })
          : null,
      bindCodeExpiresAt: live ? link.bindCodeExpiresAt!.toISOString() : null,
    };
  }

  async issueBindCode(userId: number): Promise<WechatLinkView> {
    const now = this.clock.now();
    // Dead codes (expired, or out of tries) give their handles back: 10,000 handles are shared
    // among live codes only.
    await this.dataSource.query(
      `UPDATE official_account_link SET bind_code = NULL, bind_secret = NULL, bind_code_failures = 0
        WHERE bind_code IS NOT NULL AND (bind_code_expires_at <= ? OR bind_code_failures >= ?)`,
      [now, BIND_CODE_MAX_FAILURES],
    );
    for (let attempt = 0; attempt < HANDLE_DRAWS; attempt++) {
      const code = drawBindCode();
      try {
        await this.dataSource.query(
          `INSERT INTO official_account_link (user_id, bind_code, bind_secret, bind_code_failures, bind_code_expires_at, updated_at)
           VALUES (?, ?, ?, 0, ?, ?)
           ON DUPLICATE KEY UPDATE bind_code = VALUES(bind_code), bind_secret = VALUES(bind_secret), bind_code_failures = 0,
                                   bind_code_expires_at = VALUES(bind_code_expires_at), updated_at = VALUES(updated_at)`,
          [userId, code.handle, code.secret, new Date(now.getTime() + BIND_CODE_LIFETIME_MS), now],
        );
        return this.view(userId);
      } catch (error) {
        // Another live code holds the same handle (unique index): draw again.
        if ((error as { errno?: number }).errno !== 1062) throw error;
      }
    }
    throw new AppError('SERVICE_UNAVAILABLE', '绑定码暂时发不出，请稍后再试', [], { retryAfterSeconds: 60 });
  }

  /**
   * A code sent to the official account: links the sender when handle and secret match a live
   * code. Each try first takes one of the code's 3 tries in a single conditioned statement, and
   * only then is the secret compared: however many guesses arrive at once, at most 3 are ever
   * compared, and a code with none left is dead (cleared when the next code is issued). A
   * code reissued meanwhile (another secret) is not charged.
   */
  async linkByCode(openid: string, code: BindCode): Promise<CodeRedemption> {
    const now = this.clock.now();
    const link = await this.dataSource.manager.findOneBy(OfficialAccountLink, { bindCode: code.handle });
    if (!link || !isLive(link, now)) return { kind: 'unknown' };
    const same = [link.userId, code.handle, link.bindSecret];
    const taken = (await this.dataSource.query(
      `UPDATE official_account_link SET bind_code_failures = bind_code_failures + 1, updated_at = ?
        WHERE user_id = ? AND bind_code = ? AND bind_secret = ? AND bind_code_failures < ? AND bind_code_expires_at > ?`,
      [now, ...same, BIND_CODE_MAX_FAILURES, now],
    )) as { affectedRows: number };
    if (taken.affectedRows !== 1) return { kind: 'unknown' };
    if (!sameSecret(link.bindSecret, code.secret)) return { kind: 'wrong' };
    // Of two senders of the right code at once, one links.
    const claimed = (await this.dataSource.query(
      `UPDATE official_account_link SET bind_code = NULL, bind_secret = NULL, bind_code_failures = 0,
              bind_code_expires_at = NULL, updated_at = ?
        WHERE user_id = ? AND bind_code = ? AND bind_secret = ?`,
      [now, ...same],
    )) as { affectedRows: number };
    if (claimed.affectedRows !== 1) return { kind: 'unknown' };
    await this.attach(link.userId, openid);
    return { kind: 'linked', user: await this.dataSource.manager.findOneByOrFail(User, { id: link.userId }) };
  }

  /** A follower whose unionid (from user/info) is a staff member's: linked without a code. */
  async linkByUnionid(openid: string, unionid: string): Promise<User | null> {
    const user = await this.dataSource.manager.findOneBy(User, { unionid });
    if (!user || user.role === 'resident') return null;
    await this.attach(user.id, openid);
    return user;
  }

  async setFollowing(
    openid: string,
    following: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const result = (await manager.query(
      'UPDATE official_account_link SET following = ?, updated_at = ? WHERE openid = ? AND NOT (following <=> ?)',
      [following, this.clock.now(), openid, following],
    )) as { affectedRows: number };
    if (result.affectedRows) await this.reachabilityChanged(manager);
  }

  /** A template message went through after all (e.g. an admin's retry): they follow again. */
  async markFollowing(openid: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const result = (await manager.query(
      'UPDATE official_account_link SET following = 1, updated_at = ? WHERE openid = ? AND following = 0',
      [this.clock.now(), openid],
    )) as { affectedRows: number };
    if (result.affectedRows) await this.reachabilityChanged(manager);
  }

  /** 43004: the message goes to the message centre only, and the staff list shows why. */
  async markNotFollowing(openid: string, manager?: EntityManager): Promise<void> {
    await this.setFollowing(openid, false, manager);
  }

  /** Where a template message to this user goes, or null (message centre only). */
  async openidOf(manager: EntityManager, userId: number): Promise<string | null> {
    const link = await manager.findOneBy(OfficialAccountLink, { userId });
    return link?.openid && link.following !== false ? link.openid : null;
  }

  async states(userIds: number[]): Promise<Map<number, OfficialAccountState>> {
    const states = new Map<number, OfficialAccountState>();
    if (userIds.length === 0) return states;
    const links = await this.dataSource.manager.findBy(
      OfficialAccountLink,
      userIds.map((userId) => ({ userId })),
    );
    for (const userId of userIds) {
      const link = links.find((entry) => entry.userId === userId);
      states.set(userId, !link?.openid ? 'unlinked' : link.following === false ? 'not_following' : 'following');
    }
    return states;
  }

  private async attach(userId: number, openid: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      // An openid belongs to one person: whoever linked it before loses it.
      await manager.update(OfficialAccountLink, { openid }, { openid: null, following: null, updatedAt: now });
      await manager.query(
        `INSERT INTO official_account_link (user_id, openid, following, bind_code, bind_secret, bind_code_expires_at, updated_at)
         VALUES (?, ?, 1, NULL, NULL, NULL, ?)
         ON DUPLICATE KEY UPDATE openid = VALUES(openid), following = 1, bind_code = NULL, bind_secret = NULL,
                                 bind_code_failures = 0, bind_code_expires_at = NULL, updated_at = VALUES(updated_at)`,
        [userId, openid, now],
      );
      await this.reference.changed(manager);
    });
    this.reference.invalidate();
  }

  /**
   * Who can be reached changed: the set-up's version moves with this transaction, and this
   * instance drops its copy at once (a copy refilled before the commit is dropped again by the
   * version check within REFERENCE_CHECK_MS).
   */
  private async reachabilityChanged(manager: EntityManager): Promise<void> {
    await this.reference.changed(manager);
  }
}

/** Not expired and not out of tries. */
function isLive(link: OfficialAccountLink, now: Date): boolean {
  return Boolean(
    link.bindCode &&
    link.bindSecret &&
    link.bindCodeExpiresAt &&
    link.bindCodeExpiresAt > now &&
    link.bindCodeFailures < BIND_CODE_MAX_FAILURES,
  );
}
