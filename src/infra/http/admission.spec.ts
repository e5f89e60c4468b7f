import { ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventEmitter } from 'node:events';
import { admission, bodyLargerThan } from './admission';

function pass(handler: ReturnType<typeof admission>, request: Partial<Request>) {
  // A response as the middleware sees it: the close that ends its request's turn.
  const answer = new EventEmitter();
  const next = jest.fn();
  handler(request as Request, answer as unknown as Response, next);
  return { answer, passed: next.mock.calls[0] as unknown[] };
}

describe('admission', () => {
  const counted = { method: 'GET' };
  const handler = () => admission({ concurrent: 2, counts: (request) => request.method === 'GET', busy: 'Busy' });

  it('lets two counted requests in, and refuses a third before any of it is worked on, with 503 and Retry-After', () => {
    const admit = handler();
    expect(pass(admit, counted).passed).toEqual([]);
    expect(pass(admit, counted).passed).toEqual([]);
    const third = pass(admit, counted);
    expect(third.passed[0]).toBeInstanceOf(ServiceUnavailableException);
    expect((third.passed[0] as ServiceUnavailableException).getResponse()).toEqual({
      message: 'Busy; try again in 5 seconds.',
      retryAfterSeconds: 5,
    });
  });

  it('lets requests it does not count pass, however many are in', () => {
    const admit = handler();
    pass(admit, counted);
    pass(admit, counted);
    expect(pass(admit, { method: 'POST' }).passed).toEqual([]);
  });

  it('lets the next one in once a response has ended', () => {
    const admit = handler();
    const first = pass(admit, counted);
    pass(admit, counted);
    first.answer.emit('close');
    expect(pass(admit, counted).passed).toEqual([]);
    expect(pass(admit, counted).passed[0]).toBeInstanceOf(ServiceUnavailableException);
  });
});

describe('bodyLargerThan', () => {
  const large = bodyLargerThan(1000);
  const request = (headers: Record<string, string>) => ({ headers }) as Request;

  it('counts a declared length over the bound, and a body of unknown length', () => {
    expect(large(request({ 'content-length': '1001' }))).toBe(true);
    expect(large(request({ 'transfer-encoding': 'chunked' }))).toBe(true);
  });

  it('passes a body within the bound, and a request without one', () => {
    expect(large(request({ 'content-length': '1000' }))).toBe(false);
    expect(large(request({}))).toBe(false);
  });
});
