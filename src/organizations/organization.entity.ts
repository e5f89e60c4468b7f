import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../infra/database/column-types';
import { Timestamped } from '../infra/database/timestamps';

/** ⑥ suggestion threshold where a municipality has not set its own (the guides' "around 70–80 %"). */
export const DEFAULT_EFFECT_CLOSE_THRESHOLD = 0.8;

/** A municipality using the system (tenant). */
@Entity('organizations')
@Check('"effect_close_threshold" > 0 AND "effect_close_threshold" < 1')
export class Organization extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** 地方公共団体コード (6 digits with check digit). */
  @Column({ type: 'char', length: 6, unique: true })
  localGovernmentCode: string;

  /**
   * ⑥ suggestion: the mean KPI achievement from which an unmet target still counts as 相当程度効果があった
   * (municipal guides say around 70–80 %); each municipality sets its own.
   */
  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    default: () => String(DEFAULT_EFFECT_CLOSE_THRESHOLD),
    transformer: numericTransformer,
  })
  effectCloseThreshold: number;
}
