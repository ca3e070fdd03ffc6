import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Column shapes used across entities: UTC datetime(3), unsigned int ids (DEVELOPERS.md). */
export const IdColumn = () => PrimaryGeneratedColumn({ type: 'int', unsigned: true });
export const RefColumn = (options: { nullable?: boolean } = {}) =>
  Column({ type: 'int', unsigned: true, nullable: options.nullable ?? false });
export const TimeColumn = (options: { nullable?: boolean } = {}) =>
  Column({ type: 'datetime', precision: 3, nullable: options.nullable ?? false });
// The explicit default keeps migration:generate from emitting a diff forever (STACK.md).
export const CreatedAtColumn = () =>
  CreateDateColumn({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' });
export const UpdatedAtColumn = () =>
  UpdateDateColumn({
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
    onUpdate: 'CURRENT_TIMESTAMP(3)',
  });
