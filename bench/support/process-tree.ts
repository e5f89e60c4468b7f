import { readdirSync, readFileSync } from 'node:fs';

/** Every process's /proc/<pid>/stat line by process id (Linux); one that ends between listing and reading is left out. */
export function processStats(): Map<number, string> {
  const stats = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      stats.set(Number(entry), readFileSync(`/proc/${entry}/stat`, 'utf8'));
    } catch {
      continue;
    }
  }
  return stats;
}

// The command name before the fields may hold spaces and parentheses: the fields start after its last ')'.
const parentOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);

/** `pid` and every process it started, and they started (a server's copies: API_PROCESSES). */
export function processTree(pid: number, stats = processStats()): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index++)
    for (const [child, stat] of stats) if (parentOf(stat) === tree[index]) tree.push(child);
  return tree.filter((member) => stats.has(member));
}
