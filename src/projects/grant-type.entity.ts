import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 交付金の種類. A table rather than an enum so a new national grant is one row, not a release. */
@Entity('grant_types')
export class GrantType {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;
}
