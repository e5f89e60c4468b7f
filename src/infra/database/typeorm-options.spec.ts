import { typeOrmOptions } from './typeorm-options';

describe('typeOrmOptions', () => {
  const pool = typeOrmOptions('postgres://kpiv_app@127.0.0.1:5432/kpi').extra as Record<string, unknown>;

  it('keeps an idle connection for minutes, so that a pause between two pages does not close the pool', () => {
    expect(pool.idleTimeoutMillis).toBeGreaterThanOrEqual(60_000);
    expect(pool.keepAlive).toBe(true);
    expect(pool.keepAliveInitialDelayMillis).toBeLessThan(pool.idleTimeoutMillis as number);
  });

  it('lets a script exit when its work is done, whatever its idle connections', () => {
    expect(pool.allowExitOnIdle).toBe(true);
  });

  it('holds as many connections as it is given', () => {
    expect((typeOrmOptions('postgres://kpiv_app@127.0.0.1:5432/kpi', 3).extra as { max: number }).max).toBe(3);
  });
});
