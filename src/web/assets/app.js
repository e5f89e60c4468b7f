// Small enhancements only: every page works without this file.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  // As on GOV.UK: after a refused form, move focus to the error summary so screen readers announce it.
  const summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();

  // Links in the error summary move focus into the field itself, not just scroll to it.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('.error-summary a[href^="#"]') : null;
    if (!link) return;
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    const field = target.matches('input, textarea, select') ? target : target.querySelector('input, textarea, select');
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
  });
});
