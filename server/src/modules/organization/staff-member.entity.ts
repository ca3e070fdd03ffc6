import { Column, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn } from '../../database/columns';
import { User } from '../users/user.entity';
import { Department } from './department.entity';
import { Project } from './project.entity';

/** A user who works for the company: their department and the projects they serve. */
@Entity('staff_member')
export class StaffMember {
  @IdColumn() id: number;
  @RefColumn() userId: number;
  @OneToOne(() => User) @JoinColumn({ name: 'user_id' }) user?: User;
  @RefColumn({ nullable: true }) departmentId: number | null;
  @ManyToOne(() => Department, { nullable: true })
  @JoinColumn({ name: 'department_id' })
  department?: Department | null;
  /** Job title shown to residents, e.g. 水电维修工. */
  @Column({ length: 50 }) title: string;
  @Column({ default: true }) onDuty: boolean;
  @ManyToMany(() => Project)
  @JoinTable({
    name: 'staff_member_project',
    joinColumn: { name: 'staff_member_id' },
    inverseJoinColumn: { name: 'project_id' },
  })
  projects?: Project[];
  @CreatedAtColumn() createdAt: Date;
}
