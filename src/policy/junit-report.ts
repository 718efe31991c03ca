import { Finding } from './finding';
import { GateReport } from './gate-report';

/**
 * Renders a report as JUnit XML for CI test tabs: one `<testsuite>` per gate, one
 * `<testcase>` per rule (name = rule id, classname = gate path with dots).
 *
 * A violation is a `<failure>` (type = its level); a rule that failed closed (its lookup
 * failed, or it threw) is an `<error>` (type = the error code); a suppressed rule is
 * `<skipped>` with its reason; a warning that does not fail the pipeline passes, with the
 * warning in `<system-out>`. Every element and attribute the common JUnit schemas require
 * is written (`properties`, `system-out`, `system-err`, `timestamp`, `hostname`, `time`,
 * `package`, `id`).
 */
export function renderJunit(report: GateReport): string {
  const timestamp = report.generatedAt.slice(0, 19);
  const suites = report.gates.map((gate, id) => {
    const findings = report.findings.filter((f) => f.gate === gate.path);
    const failures = findings.filter((f) => f.blocking && !f.error).length;
    const errors = findings.filter((f) => f.blocking && f.error).length;
    const skipped = findings.filter((f) => f.status === 'suppressed').length;
    const classname = gate.path.replace(/\//g, '.');
    const cases = findings.map((f) => testcase(f, classname));
    const props = [
      ['stack', gate.stack],
      ['enforceAtPlan', String(gate.enforceAtPlan)],
      ['enforceAtSynth', String(gate.enforceAtSynth)],
      ['failOnWarnings', String(gate.failOnWarnings)],
      ['status', gate.status],
    ];
    return [
      `  <testsuite name=${attr(gate.path)} package=${attr(gate.stack)} id="${id}" tests="${findings.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0" timestamp="${timestamp}" hostname="cdktf-headroom">`,
      '    <properties>',
      ...props.map(([name, value]) => `      <property name=${attr(name)} value=${attr(value)}/>`),
      '    </properties>',
      ...cases,
      `    <system-out>${text(`${gate.path}: ${findings.length} rule(s), status ${gate.status}`)}</system-out>`,
      '    <system-err></system-err>',
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary;
  const failures = report.findings.filter((f) => f.blocking && !f.error).length;
  let errors = report.findings.filter((f) => f.blocking && f.error).length;
  let tests = s.rules;
  if (!report.run.finished) {
    // An unfinished synth is one more test case, in error, so no CI tab shows it green.
    const why = report.run.error ?? 'no reason was recorded (it stopped before app.synth() ended, or was killed)';
    suites.push(
      [
        `  <testsuite name="synth" package="cdktf-headroom" id="${suites.length}" tests="1" failures="0" errors="1" skipped="0" time="0" timestamp="${timestamp}" hostname="cdktf-headroom">`,
        '    <properties>',
        `      <property name="runId" value=${attr(report.run.id)}/>`,
        '    </properties>',
        `    <testcase name=${attr(`synth run ${report.run.id}`)} classname="cdktf-headroom.synth" time="0">`,
        `      <error message=${attr(`the synth did not finish: ${why}`)} type="unfinished">${text(why)}</error>`,
        '    </testcase>',
        `    <system-out>${text(`synth run ${report.run.id} did not finish`)}</system-out>`,
        '    <system-err></system-err>',
        '  </testsuite>',
      ].join('\n'),
    );
    errors += 1;
    tests += 1;
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdktf-headroom gates" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${s.suppressed}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(f: Finding, classname: string): string {
  const open = `    <testcase name=${attr(f.ruleId)} classname=${attr(classname)} time="0">`;
  const values = `observed: ${f.observed ?? 'n/a'}\nbound: ${f.bound ?? 'n/a'}\n${Object.entries(f.values)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}${f.sources.length ? `\nsources: ${f.sources.join(', ')}` : ''}`;
  let body: string;
  if (f.status === 'suppressed') {
    body = `      <skipped message=${attr(`suppressed: ${f.suppression?.reason ?? ''}`)}/>\n      <system-out>${text(`${f.message}\n${values}`)}</system-out>`;
  } else if (f.blocking && f.error) {
    body = `      <error message=${attr(f.message)} type=${attr(f.error.code)}>${text(`${f.error.name}: ${f.error.message}\n${values}`)}</error>`;
  } else if (f.blocking) {
    body = `      <failure message=${attr(f.message)} type=${attr(f.level)}>${text(`${f.description}\n${f.message}\n${values}`)}</failure>`;
  } else {
    const prefix = f.status === 'fail' ? `${f.level}: ` : '';
    body = `      <system-out>${text(`${prefix}${f.message}\n${values}`)}</system-out>`;
  }
  return `${open}\n${body}\n    </testcase>`;
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 up (but not U+FFFE/U+FFFF).
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return `"${text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')}"`;
}
