import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../infra/database/column-types';
import { Timestamped } from '../infra/database/timestamps';

/** ⑥ suggestion threshold where a municipality has not set its own (the guides' "around 70–80 %"). */
export const DEFAULT_EFFECT_CLOSE_THRESHOLD = 0.8;

/** The licence of published reports and open data where a municipality has not chosen another. */
export const DEFAULT_OPEN_DATA_LICENCE = {
  name: 'クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
};

/** The columns an administrator sets of their municipality (団体の設定), in the order their checksum reads them. */
export const ORGANIZATION_SETTINGS = [
  'effectCloseThreshold',
  'publishPanelMemberNames',
  'openDataLicence',
  'openDataLicenceUrl',
] as const;

export type OrganizationSettings = Pick<Organization, (typeof ORGANIZATION_SETTINGS)[number]>;

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

  /** Whether the public pages list the names of the external experts of a report's panel (some municipalities do). */
  @Column({ type: 'boolean', default: false })
  publishPanelMemberNames: boolean;

  /** The licence stated on the public pages and in every open-data file. */
  @Column({ type: 'text', default: DEFAULT_OPEN_DATA_LICENCE.name })
  openDataLicence: string;

  @Column({ type: 'text', default: DEFAULT_OPEN_DATA_LICENCE.url })
  openDataLicenceUrl: string;

  /**
   * When what the public pages show of the municipality itself last changed (its name, whether the panel is named,
   * the licence), apart from settings citizens never see. Moved by the database on any path (a trigger); never written.
   */
  @Column({ type: 'timestamptz', default: () => 'now()', insert: false, update: false })
  publicChangedAt: Date;
}
