import { Transform } from 'class-transformer';

const JAPANESE_NUMBER = /^-?[\d,]+(\.\d+)?$/;

/** Numbers as typed or pasted from Excel: "18,500" is 18500. Anything else is left for the validators to reject. */
export const NumberInput = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && JAPANESE_NUMBER.test(value.trim()) ? Number(value.trim().replace(/,/g, '')) : value,
  );
