import cluster from 'node:cluster';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ServerProcess, serveParent, SERVER_PROCESSES, startServerProcess } from './server-process';

/**
 * The limit a measured route is set beside: Node's own `http` server in a process of its own, answering every request
 * with the same bytes and content type as the route, with no framework, middleware, database or templates.
 */
interface BareHttpSettings {
  bodyBase64: string;
  contentType: string;
  processes: number;
}

export function startBareHttp(body: Buffer, contentType: string): Promise<ServerProcess> {
  return startServerProcess(__filename, {
    bodyBase64: body.toString('base64'),
    contentType,
    processes: SERVER_PROCESSES,
  } satisfies BareHttpSettings);
}

async function listen({ bodyBase64, contentType }: BareHttpSettings): Promise<number> {
  const body = Buffer.from(bodyBase64, 'base64');
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

if (require.main === module) {
  // A copy on the port the first one drew: node:cluster shares it, as it does the app's (API_PROCESSES). Its settings
  // come over the IPC channel: a page's body in the environment passes the kernel's limit of one variable (128 KiB).
  if (cluster.isWorker) process.once('message', (settings: BareHttpSettings) => void listen(settings));
  else
    serveParent<BareHttpSettings>(async (settings) => {
      if (settings.processes <= 1) return listen(settings);
      const copies = Array.from({ length: settings.processes }, () => {
        const copy = cluster.fork();
        copy.send(settings);
        return once(copy, 'listening').then(([address]) => (address as AddressInfo).port);
      });
      return (await Promise.all(copies))[0];
    });
}
