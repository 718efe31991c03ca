import { InputError } from '../../core/errors';
import { serveFakeCloud } from '../../testing/fake-cloud';
import { CliCommand, parseCommandArgs } from '../command';

/** `cdktf-headroom fake-cloud`: serves the fake cloud until interrupted. */
export const fakeCloudCommand: CliCommand = {
  name: 'fake-cloud',
  usage: 'fake-cloud [--port N] [--host H] [--data FILE]',
  summary: 'Serve the fake cloud until stopped; prints its endpoints and the environment that points stacks at it.',
  options: [
    { name: 'port', type: 'string', description: 'port to listen on; default 0 (any free port)' },
    { name: 'host', type: 'string', description: 'address to listen on; default 127.0.0.1' },
    { name: 'data', type: 'string', description: 'a JSON file of FakeCloudData; default the bundled data' },
  ],
  examples: ['cdktf-headroom fake-cloud --port 8080', 'cdktf-headroom fake-cloud --port=8080 --data=data.json'],
  async run(args, io) {
    const f = parseCommandArgs(this.options, args).values as { port?: string; host?: string; data?: string };
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
