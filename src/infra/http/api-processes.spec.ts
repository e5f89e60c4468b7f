import { restartWait } from './api-processes';

describe('restartWait: how long the API waits before replacing a copy that ended', () => {
  it('replaces a copy that had served a while at once', () => {
    expect(restartWait(0)).toBe(0);
  });

  it('waits 1 s for a copy that ended soon after it listened, then twice as long for each in a row', () => {
    expect([1, 2, 3, 4, 5].map(restartWait)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('never waits longer than 30 s, however many ended in a row', () => {
    expect(restartWait(6)).toBe(30_000);
    expect(restartWait(100)).toBe(30_000);
  });
});
