import { dirname, extname, join } from 'node:path';

/**
 * A thread's script beside the module that starts it (`besideFile`, that module's __filename): .js when built, .ts when
 * run from the sources, where the thread is told to compile what it loads. A thread inherits loaders given to node
 * with -r, but not the one the ts-node program registers for itself (npm run cli, seed:demo, the benchmarks).
 */
export function threadScript(besideFile: string, name: string): { filename: string; execArgv: string[] } {
  const extension = extname(besideFile);
  return {
    filename: join(dirname(besideFile), `${name}${extension}`),
    execArgv: extension === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [],
  };
}
