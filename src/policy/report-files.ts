import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeControl } from '../core/text';
import { GateReport } from './gate-report';
import { renderHtml } from './html-report';
import { renderJunit } from './junit-report';
import { renderMarkdown } from './markdown-report';
import { renderSarif, SarifOptions } from './sarif-report';

/** Folder of the reports inside the synth output folder: `cdktf.out/headroom/`. */
export const REPORT_DIR_NAME = 'headroom';

/** File names of the reports in {@link REPORT_DIR_NAME}. */
export const REPORT_FILES = {
  /** Every rule, pass or fail, with values: what `cdktf-headroom check` reads. */
  json: 'report.json',
  /** JUnit XML for CI test tabs. */
  junit: 'junit.xml',
  /** Markdown for PR comments and step summaries. */
  markdown: 'report.md',
  /** SARIF 2.1.0 for code-scanning tabs. */
  sarif: 'report.sarif',
  /** One self-contained HTML page with a bar per rule, for people (a CI artifact, a browser). */
  html: 'report.html',
} as const;

/**
 * Writes the five reports into `dir` (created if needed). Each file is written to a
 * temporary name and renamed, so a reader never sees half a report. Control characters
 * a message may quote (a hostile cloud's ANSI escapes) are escaped in every file, newlines
 * and tabs kept; in the JSON files they become `\u` escapes, so the data is unchanged.
 */
export function writeReportFiles(dir: string, report: GateReport, options: SarifOptions = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    [REPORT_FILES.json, `${JSON.stringify(report, null, 2)}\n`],
    [REPORT_FILES.junit, renderJunit(report)],
    [REPORT_FILES.markdown, renderMarkdown(report)],
    [REPORT_FILES.sarif, `${JSON.stringify(renderSarif(report, options), null, 2)}\n`],
    [REPORT_FILES.html, renderHtml(report)],
  ];
  for (const [name, content] of files) {
    const target = path.join(dir, name);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, escapeControl(content, { lines: true }));
    fs.renameSync(tmp, target);
  }
}

/**
 * Removes reports left in `dir` by an earlier synth, so a synth that stops before its
 * gates are checked leaves no report (which `check` treats as a failure) rather than a
 * stale one that passes.
 */
export function removeReportFiles(dir: string, options: { readonly folder?: boolean } = {}): void {
  for (const name of Object.values(REPORT_FILES)) {
    fs.rmSync(path.join(dir, name), { force: true });
  }
  if (options.folder) {
    try {
      fs.rmdirSync(dir); // only when empty: files of other tools stay
    } catch {
      // not empty, or not there
    }
  }
}
