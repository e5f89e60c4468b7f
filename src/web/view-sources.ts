import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const VIEWS = join(__dirname, 'views');

function templates(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return templates(path);
    return entry.name.endsWith('.njk') ? [path] : [];
  });
}

/**
 * The source of every page template, named by its path under views: for the specs that hold all the templates to a
 * rule, so a page no browser test reaches is held to it too.
 */
export function viewSources(): { name: string; text: string }[] {
  return templates(VIEWS).map((path) => ({ name: relative(VIEWS, path), text: readFileSync(path, 'utf8') }));
}
