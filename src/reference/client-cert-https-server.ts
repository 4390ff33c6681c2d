// An HTTPS endpoint that asks every client for a certificate but lets the
// handler judge it (the API server's and the kubelet's: a request without one
// may still carry a token), tracks its connections so that close() ends
// long-lived ones (watches, follows, execs, forwards), and hands upgrades on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ClientCertHttpsOptions {
  tls: { cert: string; key: string; ca: string };
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export class ClientCertHttpsServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(options: ClientCertHttpsOptions) {
    const { cert, key, ca } = options.tls;
    this.server = createServer({ cert, key, ca, requestCert: true, rejectUnauthorized: false }, options.handle);
    this.server.on('secureConnection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', options.upgrade);
  }

  /** Listens on host:port (0: a free port); resolves to the port. */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops accepting and drops open connections. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
