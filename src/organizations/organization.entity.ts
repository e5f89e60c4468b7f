import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../infra/database/timestamps';

/** A municipality using the system (tenant). */
@Entity('organizations')
export class Organization extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** 地方公共団体コード (6 digits with check digit). */
  @Column({ type: 'char', length: 6, unique: true })
  localGovernmentCode: string;
}
