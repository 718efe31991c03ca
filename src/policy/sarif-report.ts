import { createHash } from 'node:crypto';
import type * as sarif from 'sarif';
import { Finding } from './finding';
import { GateReport } from './gate-report';

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /**
   * Repository-relative path of the file that declares the gates (e.g. `infra/main.ts`),
   * given to every result as its physical location. Code-scanning services such as GitHub's
   * show results only at a file in the repository.
   * @default none: results carry only the construct path as a logical location
   */
  readonly sourceFile?: string;
}

/**
 * Renders a report as SARIF 2.1.0 for code-scanning tabs: one run of the tool
 * `cdktf-headroom`, a rule descriptor per rule id, and a result per failing or suppressed
 * rule (passing rules are not results). Each result's logical location is the gate's
 * construct path; suppressed results carry an accepted external suppression with the
 * reason; `partialFingerprints` keep a result the same alert across runs.
 *
 * The log is typed with `@types/sarif` (a dependency of this package, so the type resolves
 * where the declarations are read): `renderSarif(report).runs[0].results` is `sarif.Result[]`.
 *
 * @example
 * const log = renderSarif(report, { sourceFile: 'infra/main.ts' });
 * fs.writeFileSync('headroom.sarif', JSON.stringify(log, null, 2));
 */
export function renderSarif(report: GateReport, options: SarifOptions = {}): sarif.Log {
  const ruleIndex = new Map<string, number>();
  const rules: sarif.ReportingDescriptor[] = [];
  for (const f of report.findings) {
    if (ruleIndex.has(f.ruleId)) continue;
    ruleIndex.set(f.ruleId, rules.length);
    rules.push({
      id: f.ruleId,
      name: f.ruleId,
      shortDescription: { text: f.description },
      fullDescription: { text: `${f.kind} rule of a cdktf-headroom gate: ${f.description}` },
      defaultConfiguration: { level: f.level },
      properties: { kind: f.kind },
    });
  }
  const results = report.findings.filter((f) => f.status !== 'pass').map((f) => result(f, ruleIndex.get(f.ruleId)!, options));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cdktf-headroom', semanticVersion: report.version, version: report.version, rules } },
        invocations: [
          {
            executionSuccessful: report.run.finished,
            endTimeUtc: report.generatedAt,
            properties: { runId: report.run.id },
            ...(report.run.finished
              ? {}
              : {
                  toolExecutionNotifications: [
                    { level: 'error', message: { text: `The synth did not finish: ${report.run.error ?? 'no reason was recorded'}` } },
                  ],
                }),
          },
        ],
        results,
      },
    ],
  };
}

function result(f: Finding, index: number, options: SarifOptions): sarif.Result {
  const id = f.gate.split('/').pop() ?? f.gate;
  const location: sarif.Location = {
    logicalLocations: [{ name: id, fullyQualifiedName: f.gate, kind: 'module' }],
  };
  if (options.sourceFile) location.physicalLocation = { artifactLocation: { uri: options.sourceFile.replace(/\\/g, '/') } };
  const out: sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex: index,
    level: f.level,
    kind: 'fail',
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { 'cdktfHeadroomGateRule/v1': createHash('sha256').update(`${f.gate}\n${f.ruleId}`).digest('hex').slice(0, 32) },
    properties: {
      stack: f.stack,
      gate: f.gate,
      sources: f.sources,
      observed: f.observed,
      bound: f.bound,
      values: f.values,
      blocking: f.blocking,
      ...(f.error ? { error: f.error } : {}),
    },
  };
  if (f.status === 'suppressed' && f.suppression) {
    out.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: f.suppression.reason,
        properties: { scope: f.suppression.scope, ...(f.suppression.expires ? { expires: f.suppression.expires } : {}) },
      },
    ];
  }
  return out;
}
