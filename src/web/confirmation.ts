import type { Response } from 'express';
import { type HttpStatus } from '@nestjs/common';
import { fieldId, type FormBody, FormState, formValues, type PageError } from './forms';
import { type ConfirmationText } from './messages/confirmations';
import { type PageRenderer } from './page-renderer';

/**
 * Only a confirmation page's buttons send this field. A post without it never performs an action that cannot be
 * undone: it shows the confirmation page instead (so a stale page or a link cannot act in one click).
 */
export const CONFIRMED_FIELD = 'confirmed';

/** Sent by the action's button on the confirmation page: carry the action out. */
export function isConfirmed(body: FormBody): boolean {
  return body[CONFIRMED_FIELD] === 'yes';
}

/** Sent by 「戻る」 on a confirmation page that carried a form: show that form again as it was typed, do nothing. */
export function wentBack(body: FormBody): boolean {
  return body[CONFIRMED_FIELD] === 'back';
}

/** One "check before you act" page: the wording of its action and the facts of this case. */
export interface ConfirmationPage extends ConfirmationText {
  /** Above the heading: what the action is about (a report, a fiscal year, a person). */
  caption: string;
  /** Where the confirmed form posts: the action's own route. */
  action: string;
  /** 「戻る」 when the page carries no form (it was reached by a link): the page the user came from. */
  back: string;
  /** What the action is about, as rows of a summary list. */
  facts?: { label: string; value: string }[];
  /**
   * The form that led here (a reason, the chosen experts): shown as entered above, posted again when confirmed, and
   * posted back by 「戻る」, for which the action's route shows the form again filled in (see wentBack).
   */
  body?: FormBody;
  /** The field the page's checkboxes (ConfirmationText.choices) post, with the confirmed form. */
  choicesField?: string;
  /** A refusal of the confirmed form, shown above the confirmation as it is now (with its status), to confirm again. */
  errors?: PageError[];
  status?: HttpStatus;
}

/** Renders views/confirm.njk, the one template of every confirmation page. */
export function renderConfirmation(pages: PageRenderer, response: Response, page: ConfirmationPage): Promise<void> {
  const { body, errors, status, ...shown } = page;
  // The checkboxes post their own field: only what is ticked on this page counts, not what came with the form.
  const carried = Object.entries(formValues(body ?? {}))
    .filter(([name]) => name !== page.choicesField)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => ({ name, value: item })));
  // 戻る posts what was typed back, landing on the form's first field shown (a version travels hidden), not at the top of
  // a long report page. With nothing typed, only a version (a link's confirmation), 戻る is the link back.
  const firstShown = carried.find(({ name }) => name !== '/version');
  return pages.render(
    response,
    'confirm.njk',
    {
      confirmation: {
        ...shown,
        carried,
        confirmedField: CONFIRMED_FIELD,
        backAction: firstShown ? `${page.action}#${fieldId(firstShown.name)}` : null,
        // Nothing ticked at first: what the action leaves out stays out unless chosen here.
        choicesForm: new FormState(),
      },
      errors,
    },
    status,
  );
}
