import { type ValueTransformer } from 'typeorm';

/** PostgreSQL numeric arrives as a string (exactness); KPI values are small enough for a JS number. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** Year-months (目標年月, as-of months) are stored as ISO 'YYYY-MM'. */
export const YEAR_MONTH_CHECK = (column: string) => `"${column}" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`;
