import { BadRequestException, Body, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { DEFAULT_REMINDER_TEMPLATES, REMINDER_KINDS } from '../reports/reviews/reminder-templates';
import { ReviewSettingsRequest, type ReviewSettingsView } from '../reports/reviews/review-settings.dto';
import {
  ReviewSettingsSavedMeanwhileException,
  ReviewSettingsService,
} from '../reports/reviews/review-settings.service';
import { checked, FormBody, formErrors, FormState, formValues, statusOf, text, validated } from './forms';
import { choicesOf } from './list-query';
import {
  AUTO_INVITE_ALTERNATES_CHOICES,
  REMINDER_WORDING_TAGS,
  reminderTemplatePointer as template,
  REVIEW_SETTING_LABELS,
  SETTING_ANSWERS,
} from './messages/field-labels';
import { REVIEW_SETTINGS_SAVED_MEANWHILE } from './messages/error-messages';
import { organizationPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/** −7 and the like, as people type them: full-width digits, the minus sign (−) or a dash, commas or spaces between. */
const DAY = /^[+-]?\d+$/;

/**
 * The reminder days typed as 「-7, -3, 0, 1, 3」: whole numbers only (the request's validators check the range and
 * repeats). Blank: no reminders.
 */
export function reminderDaysOf(typed: string): number[] {
  const tokens = typed
    .normalize('NFKC')
    .replace(/[\u2212\u2010-\u2015\u30fc]/g, '-')
    .split(/[\s,、]+/)
    .filter((token) => token !== '');
  const wrong = tokens.find((token) => !DAY.test(token));
  if (wrong !== undefined)
    throw new BadRequestException({
      message: 'The request has invalid fields; see details.',
      details: [
        { path: '/reminderOffsets', message: `reminderOffsets has "${wrong}", which is not a whole number of days` },
      ],
    });
  return tokens.map(Number);
}

/** Where the page shows the settings saved meanwhile, when a save from an older read was refused. */
const SAVED_SETTINGS_ANCHOR = 'saved-settings';

/** The settings as the form shows them before anything is entered, with the checksum of the settings it shows. */
function formOf(view: ReviewSettingsView): FormState {
  const values: Record<string, string> = {
    '/checksum': view.checksum,
    '/reminderOffsets': view.reminderOffsets.join(', '),
    '/linkValidDaysAfterDue': String(view.linkValidDaysAfterDue),
    '/autoInviteAlternates': String(view.autoInviteAlternates),
  };
  for (const reminder of view.reminderTemplates) {
    values[template(reminder.kind, 'subject')] = reminder.subject;
    values[template(reminder.kind, 'body')] = reminder.body;
  }
  return new FormState(values);
}

/**
 * Which of the settings saved meanwhile differ from those sent, by the form's fields: what saving again would replace.
 * Wordings as the service compares them: trimmed, and the default one where 既定の文面に戻す was ticked.
 */
function differingSettings(request: ReviewSettingsRequest, saved: ReviewSettingsView): Record<string, boolean> {
  const differs: Record<string, boolean> = {
    '/reminderOffsets': [...request.reminderOffsets].sort((a, b) => a - b).join() !== saved.reminderOffsets.join(),
    '/linkValidDaysAfterDue': request.linkValidDaysAfterDue !== saved.linkValidDaysAfterDue,
    '/autoInviteAlternates': request.autoInviteAlternates !== saved.autoInviteAlternates,
  };
  for (const reminder of saved.reminderTemplates) {
    const sent = request.reminderTemplates?.[reminder.kind] ?? DEFAULT_REMINDER_TEMPLATES[reminder.kind];
    differs[template(reminder.kind, 'subject')] = sent.subject.trim() !== reminder.subject;
    differs[template(reminder.kind, 'body')] = sent.body.trim() !== reminder.body;
  }
  return differs;
}

/** 意見照会の設定: reminder days and wordings, how long experts' links work, and alternates. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.PlanningDivision, Role.Administrator)
@Controller('o/:organizationId/admin/review-settings')
export class ReviewSettingsPagesController {
  constructor(
    private readonly settings: ReviewSettingsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  page(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.render(response, actor);
  }

  @Post()
  async save(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    let changed: boolean;
    let request: ReviewSettingsRequest | null = null;
    try {
      const days = text(body, '/linkValidDaysAfterDue').normalize('NFKC').trim();
      request = await validated(ReviewSettingsRequest, {
        reminderOffsets: reminderDaysOf(text(body, '/reminderOffsets')),
        linkValidDaysAfterDue: /^\d+$/.test(days) ? Number(days) : days,
        autoInviteAlternates: text(body, '/autoInviteAlternates') === 'true',
        reminderTemplates: Object.fromEntries(
          REMINDER_KINDS.map((kind) => [
            kind,
            checked(body, template(kind, 'reset'))
              ? null
              : { subject: text(body, template(kind, 'subject')), body: text(body, template(kind, 'body')) },
          ]),
        ),
        checksum: text(body, '/checksum'),
      });
      changed = (await this.settings.update(actor, request)).changed;
    } catch (error) {
      if (error instanceof ReviewSettingsSavedMeanwhileException && request) {
        // What was typed stays, now with the checksum of the settings saved meanwhile: saving again replaces them.
        const { current } = error;
        const state = new FormState({ ...formValues(body), '/checksum': current.checksum }, [
          { ...REVIEW_SETTINGS_SAVED_MEANWHILE, href: `#${SAVED_SETTINGS_ANCHOR}` },
        ]);
        const conflict = { current, differs: differingSettings(request, current) };
        return this.render(response, actor, state, HttpStatus.CONFLICT, conflict);
      }
      const errors = formErrors(error, REVIEW_SETTING_LABELS);
      if (!errors) throw error;
      return this.render(response, actor, new FormState(formValues(body), errors), statusOf(error));
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, 'admin/review-settings'),
      changed ? 'review-settings-saved' : 'review-settings-unchanged',
    );
  }

  private async render(
    response: Response,
    actor: OrganizationActor,
    failed?: FormState,
    status: HttpStatus = HttpStatus.OK,
    conflict?: { current: ReviewSettingsView; differs: Record<string, boolean> },
  ): Promise<void> {
    const view = conflict?.current ?? (await this.settings.get(actor.organizationId));
    return this.pages.render(
      response,
      'admin/review-settings.njk',
      {
        settings: view,
        form: failed ?? formOf(view),
        errors: failed?.errors ?? [],
        templatePointer: template,
        fieldLabels: REVIEW_SETTING_LABELS,
        autoInviteChoices: choicesOf(SETTING_ANSWERS, AUTO_INVITE_ALTERNATES_CHOICES),
        autoInviteLabels: AUTO_INVITE_ALTERNATES_CHOICES,
        wordingTags: REMINDER_WORDING_TAGS,
        // Set when a save from an older read was refused: the settings shown are those saved meanwhile.
        differs: conflict?.differs ?? null,
        savedAnchor: SAVED_SETTINGS_ANCHOR,
      },
      status,
    );
  }
}
