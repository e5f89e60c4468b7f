import { viewSources } from './view-sources';

/**
 * WCAG 2.1 for every table of the pages: a caption names it (1.3.1), and a wrapper that scrolls it sideways is a named
 * region a keyboard can focus to scroll (2.1.1; axe's scrollable-region-focusable). Checked on the templates, so a
 * table of a page no browser test reaches is held to it too.
 */
const sources = viewSources();

/** Each match of the pattern, as "template: markup". */
const occurrences = (pattern: RegExp) =>
  sources.flatMap(({ name, text }) => [...text.matchAll(pattern)].map((match) => `${name}: ${match[0]}`));

describe('tables on the pages', () => {
  it('are found in the templates', () => {
    expect(occurrences(/<table\b/g).length).toBeGreaterThan(20);
  });

  it('each begin with a caption (template tags that print nothing may come first)', () => {
    const uncaptioned = occurrences(/<table\b[^>]*>(?:\s|\{%[^]*?%\}|\{#[^]*?#\})*(?!<caption\b)<[^>]*>/g);
    expect(uncaptioned).toEqual([]);
  });

  it('scroll sideways only inside a named region a keyboard can focus', () => {
    const wrappers = occurrences(/<div class="table-scroll"[^>]*>/g);
    expect(wrappers.length).toBeGreaterThan(20);
    expect(
      wrappers.filter(
        (wrapper) =>
          !/ role="region"/.test(wrapper) ||
          !/ aria-label(?:ledby)?="[^"]+"/.test(wrapper) ||
          !/ tabindex="0"/.test(wrapper),
      ),
    ).toEqual([]);
  });
});
