// Small enhancements only: every page works without this file.
'use strict';

/** The field an anchor names, or the first field inside it (a radio group's wrapper, say). */
function fieldOf(target) {
  return target.matches('input, textarea, select') ? target : target.querySelector('input, textarea, select');
}

document.addEventListener('DOMContentLoaded', () => {
  // As on GOV.UK: after a refused form, move focus to the error summary so screen readers announce it.
  const summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.focus();
  } else if (location.hash.length > 1) {
    // A checklist's link to another page's field (…/sections/effect#f-effectLevel) lands in the field as well.
    // Only a field or a group of choices: a link to a section keeps its heading in view.
    // After load: the browser's own move to the anchor clears the focus when the anchor itself takes none.
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.matches('input, textarea, select, .radios, .checkboxes'))
      window.addEventListener('load', () => fieldOf(target).focus());
  }

  // Links in the error summary move focus into the field itself, not just scroll to it.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('.error-summary a[href^="#"]') : null;
    if (!link) return;
    const target = document.getElementById(link.getAttribute('href').slice(1));
    const field = target && fieldOf(target);
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
  });
});
