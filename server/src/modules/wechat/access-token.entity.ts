import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../../database/columns';

/** One access token per WeChat app, shared by every server instance (WECHAT.md §2). */
@Entity('wechat_access_token')
export class WechatAccessToken {
  @PrimaryColumn({ type: 'varchar', length: 64 }) appid: string;
  @Column({ type: 'varchar', length: 1024, nullable: true }) token: string | null;
  @TimeColumn({ nullable: true }) expiresAt: Date | null;
  @TimeColumn({ nullable: true }) fetchedAt: Date | null;
  /** How many times any instance fetched a token; tests read it to prove one fetch per lifetime. */
  @Column({ type: 'int', unsigned: true, default: 0 }) fetchCount: number;
}
