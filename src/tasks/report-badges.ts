import { ApiProperty } from '@nestjs/swagger';
import { daysBetween } from '../common/dates';

/** What a report asks of its reader, beside its status in every list. */
export enum BadgeKind {
  Returned = 'returned',
  Question = 'question',
  Overdue = 'overdue',
}

export const BADGE_LABELS: Record<BadgeKind, string> = {
  [BadgeKind.Returned]: '差戻し',
  [BadgeKind.Question]: '質問あり',
  [BadgeKind.Overdue]: '期限超過',
};

export class ReportBadge {
  @ApiProperty({ enum: BadgeKind }) kind: BadgeKind;
  @ApiProperty({ example: '差戻し' }) label: string;
}

/** A due date seen from today in Japan. */
export class Deadline {
  @ApiProperty({ example: '2026-05-31' }) dueDate: string;
  @ApiProperty({ description: 'Calendar days from today (Japan) to the due date; negative once it has passed.' })
  daysLeft: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ example: '期限まで3日' }) label: string;
}

/** 期限まで n 日, 本日が期限, or 期限超過 (n 日): a due date and today are both YYYY-MM-DD calendar days. */
export function deadlineOf(dueDate: string, today: string): Deadline {
  const daysLeft = daysBetween(today, dueDate);
  const label = daysLeft > 0 ? `期限まで${daysLeft}日` : daysLeft === 0 ? '本日が期限' : `期限超過(${-daysLeft}日)`;
  return { dueDate, daysLeft, overdue: daysLeft < 0, label };
}

/** The facts a row's badges are made of, as its reader is concerned by them. */
export interface BadgeFacts {
  /** 差戻し理由, while the report is a draft because it was returned. */
  returnReason: string | null;
  /** Experts' questions still unanswered. */
  openQuestions: number;
  /** Experts' opinions past their due date that the reader waits for (planning, the owner). */
  overdueOpinions: number;
  /** The reader's own deadline for the report: a draft's submission deadline, an expert's due date. */
  deadline: Deadline | null;
}

/** The badges of one report in any list (差戻し, 質問あり, 期限超過): decided here and nowhere else. */
export function reportBadges(facts: BadgeFacts): ReportBadge[] {
  const kinds: BadgeKind[] = [];
  if (facts.returnReason !== null) kinds.push(BadgeKind.Returned);
  if (facts.openQuestions > 0) kinds.push(BadgeKind.Question);
  if (facts.overdueOpinions > 0 || facts.deadline?.overdue) kinds.push(BadgeKind.Overdue);
  return kinds.map((kind) => ({ kind, label: BADGE_LABELS[kind] }));
}
