import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** Created/updated timestamps every table carries. */
export abstract class Timestamped {
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
