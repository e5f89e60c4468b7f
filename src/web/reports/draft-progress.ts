import type { DraftProgress } from '../../tasks/tasks.dto';
import { SECTIONS } from './report-form';

/**
 * How far a draft is, as the owner's lists say it beside its deadline: 「4項目中3項目入力済み・残り ⑥事業効果」, and
 * 「すべて入力済み・提出できます」 once nothing stands in the way of submitting it.
 */
export function draftProgressText({ entered, toEnter, ready }: DraftProgress): string {
  if (toEnter.length > 0) {
    const left = toEnter.map((section) => SECTIONS[section].title).join('、');
    return `${entered.length + toEnter.length}項目中${entered.length}項目入力済み・残り ${left}`;
  }
  // Entered, yet not submittable: what is left lies outside ③–⑥ (the year outside the plan period), on the report page.
  return ready ? 'すべて入力済み・提出できます' : 'すべて入力済み・提出の前に報告書の確認事項をご覧ください';
}
