import net from 'node:net';

/**
 * A TCP proxy in front of a PostgreSQL server that can stop passing the server's answers on, as a
 * database does when it hangs (a frozen host, a network that drops packets): connections stay
 * open and nothing comes back. `url` is the given URL through the proxy (on `port` when given:
 * a database that was not there and then is).
 */
export async function freezableProxy(target: string, port = 0) {
  const upstreamAddress = new URL(target);
  let frozen = false;
  const held: { socket: net.Socket; data: Buffer }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(upstreamAddress.port || 5432), upstreamAddress.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => (frozen ? held.push({ socket: client, data }) : client.write(data)));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const { socket, data } of held.splice(0)) if (!socket.destroyed) socket.write(data);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
