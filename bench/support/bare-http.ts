import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ServerProcess, serveParent, startServerProcess } from './server-process';

/**
 * The limit a measured route is set beside: Node's own `http` server in a process of its own, answering every request
 * with the same bytes and content type as the route, with no framework, middleware, database or templates.
 */
interface BareHttpSettings {
  bodyBase64: string;
  contentType: string;
}

export function startBareHttp(body: Buffer, contentType: string): Promise<ServerProcess> {
  return startServerProcess(__filename, {
    bodyBase64: body.toString('base64'),
    contentType,
  } satisfies BareHttpSettings);
}

if (require.main === module)
  serveParent<BareHttpSettings>(async ({ bodyBase64, contentType }) => {
    const body = Buffer.from(bodyBase64, 'base64');
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  });
