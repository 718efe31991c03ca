import { FakeCloud, FakeCloudOptions, startFakeCloud } from '../../src/testing/fake-cloud';

/** Retry settings that keep tests fast: real backoff, in single milliseconds. */
export const FAST_RETRY = { retry: { baseDelayMs: 1, maxDelayMs: 5 } } as const;

/**
 * Starts one fake cloud (on its own thread) for the test file, resets its faults and
 * request log before each test, and stops it after the file.
 */
export function useFakeCloud(options: FakeCloudOptions = {}): () => FakeCloud {
  let cloud: FakeCloud | undefined;
  beforeAll(async () => {
    cloud = await startFakeCloud(options);
  });
  beforeEach(async () => {
    await cloud!.reset();
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  return () => cloud!;
}

/**
 * Sets environment variables for one test file (before all tests) and restores the
 * previous values afterwards. `vars` may be a function, evaluated in beforeAll.
 */
export function useEnv(vars: Record<string, string | undefined> | (() => Record<string, string | undefined>)): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    const v = typeof vars === 'function' ? vars() : vars;
    for (const [k, value] of Object.entries(v)) {
      saved[k] = process.env[k];
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  });
  afterAll(() => {
    for (const [k, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  });
}
