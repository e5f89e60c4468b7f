import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/**
 * One naming rule for everything Nest instantiates: a file holds one such class and is named after it in kebab-case,
 * with the Nest role (Service, Repository, Controller, Module, Guard, Filter, Interceptor, Middleware, Processor,
 * Scheduler, Strategy, Command) as a dotted suffix: ReportsService → reports.service.ts, AuditLog → audit-log.ts,
 * AccessGuard → access.guard.ts.
 */
const ROLES = [
  'Service',
  'Repository',
  'Controller',
  'Module',
  'Guard',
  'Filter',
  'Interceptor',
  'Middleware',
  'Processor',
  'Scheduler',
  'Strategy',
  'Command',
];
const DECORATED_CLASS =
  /@(?:Injectable|Controller|Module|Processor|Catch|Command)\([^]*?\)\s*(?:@\w+\([^]*?\)\s*)*export (?:abstract )?class (\w+)/g;

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export function fileNameFor(className: string): string {
  const role = ROLES.find((candidate) => className.endsWith(candidate) && className !== candidate);
  return role ? `${kebab(className.slice(0, -role.length))}.${role.toLowerCase()}.ts` : `${kebab(className)}.ts`;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('naming of injectables, controllers, modules and processors', () => {
  const root = join(__dirname, '..');
  const declared = sourceFiles(root).map((path) => ({
    path: relative(root, path),
    classes: [...readFileSync(path, 'utf8').matchAll(DECORATED_CLASS)].map((match) => match[1]),
  }));

  it('derives the file name from the class name', () => {
    expect(fileNameFor('ReportsService')).toBe('reports.service.ts');
    expect(fileNameFor('AuditLog')).toBe('audit-log.ts');
    expect(fileNameFor('AccessGuard')).toBe('access.guard.ts');
    expect(fileNameFor('NotificationEventsProcessor')).toBe('notification-events.processor.ts');
  });

  it('finds the classes it checks', () => {
    expect(declared.flatMap((file) => file.classes)).toEqual(
      expect.arrayContaining(['ReportsService', 'ReportChanges', 'AppModule']),
    );
  });

  it('gives each such class a file of its own, named after it', () => {
    const misnamed = declared
      .filter((file) => file.classes.length > 0)
      .filter((file) => file.classes.length > 1 || basename(file.path) !== fileNameFor(file.classes[0]))
      .map((file) => `${file.path}: ${file.classes.join(', ')}`);
    expect(misnamed).toEqual([]);
  });
});
