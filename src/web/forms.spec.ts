import { BadRequestException, ConflictException } from '@nestjs/common';
import { AlteredFormException, formErrors } from './forms';
import { viewSources } from './view-sources';

/**
 * Every hidden input of the pages, by its name as its template writes it: either the request field it fills, whose
 * refusal the page answers as an altered form, or why altering it does no harm. No one types a hidden field, so none
 * may be quietly ignored when altered, nor refused beside a field the page does not show.
 */
const HIDDEN_INPUTS: Record<string, { refusedAt: string } | { harmless: string }> = {
  '/version': { refusedAt: '/version' },
  '/project/version': { refusedAt: '/version' },
  '/checksum': { refusedAt: '/checksum' },
  '/choices/{{ kind.index }}/eventType': { refusedAt: '/choices/0/eventType' },
  '{{ row }}/key': { refusedAt: '/options/0/key' },
  '{{ year.pointer }}/fiscalYear': { refusedAt: '/kpiResults/0/yearlyActuals/0/fiscalYear' },
  '{{ row.candidate.projectIdName }}': { refusedAt: '/projectChoices/0/projectId' },
  '/assignments/{{ assignment.id }}/dismissal/statusRead': { refusedAt: '/statusRead' },
  '/alternatesRead': { refusedAt: '/alternatesRead' },
  '/opinionSubmittedAtRead': { refusedAt: '/opinionSubmittedAtRead' },
  '/deadlinesChecksum': { refusedAt: '/deadlinesChecksum' },
  '/settingsChecksum': { refusedAt: '/settingsChecksum' },
  '/departments/{{ department.id }}/checksum': { refusedAt: '/checksum' },
  '{{ csrf.field }}': { harmless: 'the CSRF token: any other is refused (403) before the form is read' },
  '{{ submission.field }}': {
    harmless: 'an id of one showing of the form, only to know it sent twice: another id makes it another sending',
  },
  token: { harmless: 'the secret of an invitation, review or password link: another is a link that does not exist' },
  next: { harmless: 'where signing in leads: only a path of this site is followed, anything else leads home' },
  back: { harmless: 'where signing out leads back to: only a path of this site is followed, anything else leads home' },
  tab: { harmless: 'the inbox tab to go back to: anything but a tab it has leads to the first' },
  '{{ name }}': {
    harmless: 'a list’s other query parameters, kept by its GET filter or year form: read as any URL is',
  },
  '{{ field.pointer }}': {
    harmless: 'text a late form carried, shown again to copy: filtered by the same list of prose fields, saved nowhere',
  },
  '{{ field.name }}': {
    harmless: 'the fields of a form being confirmed, sent back to it: it refuses them as when they were first sent',
  },
};

const refusedAt = [
  ...new Set(Object.values(HIDDEN_INPUTS).flatMap((input) => ('refusedAt' in input ? [input.refusedAt] : []))),
];

const hiddenInputNames = viewSources().flatMap(({ text }) =>
  [...text.matchAll(/<input\b[^>]*\btype="hidden"[^>]*>/g)].map((input) => /\bname="([^"]*)"/.exec(input[0])![1]),
);

describe('the hidden fields of the page forms', () => {
  it('are each refused when altered or harmless, as declared above', () => {
    expect(hiddenInputNames.length).toBeGreaterThan(20);
    expect([...new Set(hiddenInputNames)].filter((name) => !Object.hasOwn(HIDDEN_INPUTS, name))).toEqual([]);
    expect(Object.keys(HIDDEN_INPUTS).filter((name) => !hiddenInputNames.includes(name))).toEqual([]);
  });

  it.each(refusedAt)('answer a refusal of %s as an altered form, not as a mistake to show beside a field', (path) => {
    const refusal = new BadRequestException({ message: 'refused', details: [{ path, message: `${path} is wrong` }] });
    expect(() => formErrors(refusal)).toThrow(AlteredFormException);
  });

  it('leave a refusal of a field the user types to be shown beside it', () => {
    const refusal = new BadRequestException({
      message: 'refused',
      details: [{ path: '/kpiResults/0/yearlyActuals/0/value', message: 'value must be a number' }],
    });
    expect(formErrors(refusal)).toEqual([expect.objectContaining({ path: '/kpiResults/0/yearlyActuals/0/value' })]);
  });
});

describe('a refusal that names no field', () => {
  it('keeps the heading of a change meanwhile where the refusal names one', () => {
    const [shown] = formErrors(
      new ConflictException(
        'The expert was reminded less than 10 minutes ago (2026-04-01T01:00:00.000Z): no second reminder is sent so soon.',
      ),
    )!;
    expect(shown.changed).toBe('意見照会の状況が変わりました');
  });

  it('is an input error when it is one (400)', () => {
    const [shown] = formErrors(new BadRequestException('Nothing to import.'))!;
    expect(shown.changed).toBeUndefined();
  });
});
