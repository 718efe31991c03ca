#!/usr/bin/env bash
# What a CI job runs for this app: synthesize (the gates check quota while the stacks
# are synthesized and write reports to cdktf.out/headroom/), then `cdktf-headroom check`,
# which prints the Markdown summary and sets the job's exit code:
#   0 pass, 1 warnings (when failing on warnings), 2 violations (or no report).
# Extra arguments go to `check`, e.g. `./ci.sh --fail-on-warnings`.
#
# CDKTF and HEADROOM name the two commands (defaults: the project's own via npx).
set -uo pipefail
cd "$(dirname "$0")"
CDKTF="${CDKTF:-npx cdktf}"
HEADROOM="${HEADROOM:-npx cdktf-headroom}"
export CHECKPOINT_DISABLE=1

rm -rf cdktf.out/headroom # never judge a report left by an earlier run

synth=0
$CDKTF synth || synth=$?

check=0
$HEADROOM check --outdir cdktf.out "$@" || check=$?

# On GitHub Actions, the summary also goes to the job's step summary.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f cdktf.out/headroom/report.md ]; then
  cat cdktf.out/headroom/report.md >> "$GITHUB_STEP_SUMMARY"
fi

# A synth that failed for another reason (a bad setting, a crash) must not pass.
if [ "$check" -eq 0 ] && [ "$synth" -ne 0 ]; then
  echo "ci-gate: cdktf synth failed (exit $synth) although the gates passed; failing the job (exit 2)" >&2
  exit 2
fi
exit "$check"
