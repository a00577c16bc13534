import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, freePort, PortInUseError } from './ports';

describe('assertPortFree', () => {
  it('fails with a one-line PortInUseError naming the port and its purpose when the port is taken', async () => {
    // Prepare
    const server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );

    // Act
    const failure = assertPortFree(port, 'HostMaster dashboard and API');

    // Assess
    await expect(failure).rejects.toThrow(PortInUseError);
    await expect(failure).rejects.toThrow(`Port ${port} (HostMaster dashboard and API) is already in use`);
    await new Promise((resolve) => server.close(resolve));
  });

  it('resolves for a free port', async () => {
    // Prepare
    const port = await freePort();

    // Act
    const result = assertPortFree(port, 'test');

    // Assess
    await expect(result).resolves.toBeUndefined();
  });
});
