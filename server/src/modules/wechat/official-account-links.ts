import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OfficialAccountState, WechatLinkView } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { User } from '../users/user.entity';
import { OfficialAccountLink } from './official-account-link.entity';

const BIND_CODE_LIFETIME_MS = 30 * 60_000;
/** Digits only: easy to type into a chat, and no letters to confuse (0/O, 1/l). */
const BIND_CODE_DIGITS = 6;

/** Staff members' official-account identities: how template messages find them. */
@Injectable()
export class OfficialAccountLinks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async view(userId: number): Promise<WechatLinkView> {
    const link = await this.dataSource.manager.findOneBy(OfficialAccountLink, { userId });
    const live = link?.bindCodeExpiresAt && link.bindCodeExpiresAt > this.clock.now();
    return {
      linked: Boolean(link?.openid),
      following: link?.openid ? link.following : null,
      bindCode: live ? link.bindCode : null,
      bindCodeExpiresAt: live ? link.bindCodeExpiresAt!.toISOString() : null,
    };
  }

  async issueBindCode(userId: number): Promise<WechatLinkView> {
    const now = this.clock.now();
    for (let attempt = 0; ; attempt++) {
      const code = String(randomInt(10 ** (BIND_CODE_DIGITS - 1), 10 ** BIND_CODE_DIGITS));
      try {
        await this.dataSource.query(
          `INSERT INTO official_account_link (user_id, bind_code, bind_code_expires_at, updated_at) VALUES (?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE bind_code = VALUES(bind_code), bind_code_expires_at = VALUES(bind_code_expires_at),
                                   updated_at = VALUES(updated_at)`,
          [userId, code, new Date(now.getTime() + BIND_CODE_LIFETIME_MS), now],
        );
        return this.view(userId);
      } catch (error) {
        // Another user holds the same code (unique index): draw again.
        if ((error as { errno?: number }).errno !== 1062 || attempt >= 5) throw error;
      }
    }
  }

  /** A text sent to the official account: links the sender when it is a live binding code. */
  async linkByCode(openid: string, code: string): Promise<User | null> {
    const link = await this.dataSource.manager.findOneBy(OfficialAccountLink, { bindCode: code.trim() });
    if (!link || !link.bindCodeExpiresAt || link.bindCodeExpiresAt <= this.clock.now()) return null;
    await this.attach(link.userId, openid);
    return this.dataSource.manager.findOneBy(User, { id: link.userId });
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
    await manager.update(OfficialAccountLink, { openid }, { following, updatedAt: this.clock.now() });
  }

  /** A template message went through after all (e.g. an admin's retry): they follow again. */
  async markFollowing(openid: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      'UPDATE official_account_link SET following = 1, updated_at = ? WHERE openid = ? AND following = 0',
      [this.clock.now(), openid],
    );
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
        `INSERT INTO official_account_link (user_id, openid, following, bind_code, bind_code_expires_at, updated_at)
         VALUES (?, ?, 1, NULL, NULL, ?)
         ON DUPLICATE KEY UPDATE openid = VALUES(openid), following = 1, bind_code = NULL, bind_code_expires_at = NULL,
                                 updated_at = VALUES(updated_at)`,
        [userId, openid, now],
      );
    });
  }
}
