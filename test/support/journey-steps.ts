/**
 * The steps of one long journey, in order: one `it` per step, sharing state through the enclosing describe, so a
 * failure names its step. Once a step fails (or times out) the later ones do not run on a half-done journey; they fail
 * at once, naming the step that broke it. A single step cannot be run alone (-t), since it needs the ones before it.
 */
export function journeySteps(): (name: string, run: () => Promise<void>, timeout?: number) => void {
  let broken: string | undefined;
  return (name, run, timeout) =>
    it(
      name,
      async () => {
        if (broken) throw new Error(`Not run: the earlier step "${broken}" failed.`);
        broken = name;
        await run();
        broken = undefined;
      },
      timeout,
    );
}
