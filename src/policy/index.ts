// Gates: rules over looked-up values, checked at synth (and optionally at plan), with
// suppressions and pipeline reports.
export { NumberInput, NumberBounds } from './number-input';
export { ILookupSource, SourceFailure } from './lookup-source';
export { Headroom, HeadroomProps } from './headroom';
export { Rule, RuleKind, RuleLevel, RuleOptions, FitsOptions, UtilizationOptions, RunwayOptions, CustomCheckResult, RuleOutcome, RuleReading } from './rule';
export { RunwayEvidence, RunwayPoint, RunwayVerdictKind, RUNWAY_MIN_POINTS, RUNWAY_MIN_SPAN_DAYS, RUNWAY_STEP_FRACTION } from './trend';
export { Finding, FindingStatus, FindingError, FindingSuppression, FindingProvenance } from './finding';
export { Suppressions, SuppressionOptions, Suppression } from './suppressions';
export { Gate, GateProps } from './gate';
export { GateDependable, ProtectableResource, PLAN_CHECK_PROVIDER_ALIAS } from './plan-check';
export { FAIL_ON_WARNINGS_CONTEXT, FAIL_ON_WARNINGS_ENV, failOnWarningsRequested } from './fail-on-warnings';
export { SOURCE_FILE_CONTEXT, SOURCE_FILE_ENV } from './gate-registry';
export {
  GateReport,
  GateReportStatus,
  GateReportSummary,
  GateSummary,
  GATE_REPORT_SCHEMA_VERSION,
  GateRun,
  ReportNotice,
  readGateReport,
  parseGateReport,
} from './gate-report';
export { CheckExitCode, CheckVerdict, CheckReportOptions, ExitCodeOptions, exitCodeFor, checkVerdict } from './check-report';
export { renderMarkdown } from './markdown-report';
export { renderViolationBlock, renderSynthStop, renderVerdictTable } from './console-report';
export { PlanCheckResourceType, PLAN_CHECK_RESOURCE_TYPES, PlanRuleValue, PlanPrecondition } from './plan-conditions';
export { renderHtml } from './html-report';
export { renderJunit } from './junit-report';
export { renderSarif, SarifOptions } from './sarif-report';
export { REPORT_DIR_NAME, REPORT_FILES, writeReportFiles } from './report-files';
export { Consumers, ConsumerOptions, ClaimOptions, PlanClaim, PlanConsumer, PlanQuantity } from './plan-consumers';
export { HeadroomQuota, HeadroomRecord } from './headroom-record';
export { DEFAULT_RESERVATION_TTL_MS, PlanReservation, PlanReservationHeadroom, reservePlan, ReservePlanOptions } from './plan-reserve';
export { accountPlan, configAddress, PlanAccount, PlanCounting, PlanItem, PlanProblem, PlanResourceChange } from './plan-accounting';
export { PlanFile, readPlanFile, parsePlan } from './plan-file';
export { PLAN_RUN_VARIABLE, PLAN_STACK_VARIABLE } from './plan-run-variable';
export { CheckPlanOptions, checkPlan, judgePlan, PlanCheck, PlanCheckOutcome, PlanHeadroomVerdict } from './plan-verdict';
export { PlanBar, planBarOf, planTextBar, renderPlanHtml, renderPlanJunit, renderPlanMarkdown, renderPlanSarif } from './plan-report';
