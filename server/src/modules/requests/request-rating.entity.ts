import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';

export type RatingSource = 'resident' | 'callback';
export type RatingSatisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/** One verdict per round: the resident's own rating or the desk's phone callback (回访, seed 004). */
@Entity('request_rating')
@Index(['requestId', 'round'], { unique: true })
export class RequestRating {
  @IdColumn() id: number;
  @RefColumn() requestId: number;
  @RefColumn() eventId: number;
  @Column({ type: 'smallint', unsigned: true }) round: number;
  @Column({ type: 'varchar', length: 20 }) source: RatingSource;
  @Column({ type: 'varchar', length: 20 }) satisfaction: RatingSatisfaction;
  @Column({ type: 'tinyint', unsigned: true, nullable: true }) speed: number | null;
  @Column({ type: 'tinyint', unsigned: true, nullable: true }) quality: number | null;
  @Column({ type: 'tinyint', unsigned: true, nullable: true }) attitude: number | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) comment: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) shortcomings: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) suggestions: string | null;
  @RefColumn() byUserId: number;
  @Column({ length: 40 }) byName: string;
  @TimeColumn() createdAt: Date;
}
