import { InputError } from '../../core/errors';
import { serveFakeCloud } from '../../testing/fake-cloud';
import { CliCommand, parseFlags } from '../command';

/** `cdktf-headroom fake-cloud`: serves the fake cloud until interrupted. */
export const fakeCloudCommand: CliCommand = {
  name: 'fake-cloud',
  usage: 'fake-cloud [--port N] [--host H] [--data FILE]',
  summary: 'Serve the fake cloud until stopped; prints its endpoints and the environment that points stacks at it.',
  async run(args, io) {
    const f = parseFlags(args, ['port', 'host', 'data']);
    const port = f.port === undefined ? 0 : Number(f.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port must be an integer from 0 to 65535; got ${JSON.stringify(f.port)}`);
    const cloud = await serveFakeCloud({ port, host: f.host, dataFile: f.data });
    io.out(`fake cloud listening on ${cloud.url}\n`);
    for (const [name, url] of Object.entries(cloud.endpoints)) io.out(`  ${name}: ${url}\n`);
    io.out('environment:\n');
    for (const [k, v] of Object.entries(cloud.env())) io.out(`  export ${k}=${v}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await cloud.stop();
    return 0;
  },
};
