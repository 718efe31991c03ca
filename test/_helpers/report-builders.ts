import { Finding } from '../../src/policy/finding';

// Gate reports as a report file holds them, written out here (never by the code under
// test), for tests of what reads them: `check`, the verdict, the renderers.

/** The run of a finished synth. */
export const FINISHED_RUN = { id: '20250101-000000-0a1b2c3d', startedAt: '2025-01-01T00:00:00.000Z', finished: true } as const;

/** An `at-most` finding (95 against 80) of gate stack/quota; blocking when a failing error, unless said. */
export function reportFinding(ruleId: string, status: Finding['status'], level: Finding['level'], blocking = status === 'fail' && level === 'error'): Finding {
  return {
    ruleId,
    kind: 'at-most',
    description: 'at most 80',
    gate: 'stack/quota',
    stack: 'stack',
    sources: [],
    status,
    level,
    blocking,
    observed: 95,
    bound: 80,
    values: { value: 95, max: 80 },
    message: status === 'pass' ? '70 is within the maximum 80.' : '95 is above the maximum 80 by 15. Bring it down to 80 or less.',
  };
}

/** A report.json's content holding `findings`, of one gate stack/quota unless `gates` says; `extra` is spread last. */
export function reportJson(findings: readonly object[], options: { run?: object; gates?: object[] } & Record<string, unknown> = {}): Record<string, unknown> {
  const {
    run = FINISHED_RUN,
    gates = [{ path: 'stack/quota', stack: 'stack', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false, status: 'pass' }],
    ...extra
  } = options;
  return {
    tool: 'cdktf-headroom',
    version: '0.1.0',
    schemaVersion: 2,
    generatedAt: '2025-01-01T00:00:00.000Z',
    run,
    notices: [],
    summary: { rules: findings.length, passed: 0, errors: 0, warnings: 0, suppressed: 0, blocking: 0, status: 'pass' },
    gates,
    findings,
    ...extra,
  };
}
