import { PublicResponses } from './public-responses';

describe('PublicResponses', () => {
  const page = (body: string) => ({ status: 200, headers: [], body });

  it('keeps a page under its address and the stamp of the record it was built from', () => {
    const responses = new PublicResponses();
    responses.set('stamp-1', '/public/012041/2022?page=2', page('<html>'));
    expect(responses.get('stamp-1', '/public/012041/2022?page=2')?.body).toBe('<html>');
    expect(responses.get('stamp-2', '/public/012041/2022?page=2')).toBeUndefined();
  });

  it('counts the address and two bytes a character of a page against its bound', () => {
    const responses = new PublicResponses();
    const url = `/public/012041/2022?q=${'x'.repeat(900)}`;
    responses.set('stamp', url, page('公表'.repeat(1000)));
    expect(responses.heldBytes).toBe(2 * `stamp ${url}`.length + 2 * 2000 + 512);
  });

  it('answers made-up long addresses without keeping them, so they cannot fill the memory', () => {
    const responses = new PublicResponses();
    for (let index = 0; index < 100; index += 1)
      responses.set('stamp', `/sitemap.xml?v${index}_${'q'.repeat(15_000)}`, page('<urlset/>'));
    expect(responses.heldBytes).toBe(0);
  });
});
