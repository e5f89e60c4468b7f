/** 指標① … 指標④ */
export function kpiLabel(position: number): string {
  return `指標${'①②③④'[position - 1] ?? position}`;
}
