// QingCloud GetProjectResourceStat rows for tests: answers and records are checked (every
// documented field is required), so a test that needs a row states only what it is about.
import { ProjectResourceStatRow } from '../../src/clouds/qingcloud/schema';

/** A wire row's documented fields: strings and numbers, by wire name. */
export type WireStatRow = Record<string, string | number>;

/**
 * A `data[]` row in wire form with every field the API's table documents: group `rg-1` of
 * console `alphacloud`, `daily`, ending `2021-12-27T17:50:14`, every counter 0 but those in
 * `over`. `volume_size` and `wan_cpe_bandwidth`, which only the seed's example shows, are
 * absent unless `over` gives them.
 */
export function wireStatRow(over: WireStatRow = {}): WireStatRow {
  return {
    resource_group_id: 'rg-1',
    console_id: 'alphacloud',
    duration: 'daily',
    end_time: '2021-12-27T17:50:14',
    instance_count: 0,
    vcpus_count: 0,
    memory_sum: 0,
    volume_count: 0,
    eip_count: 0,
    eip_bandwidth: 0,
    wan_connect_bandwidth: 0,
    wan_connect_count: 0,
    wan_cpe_count: 0,
    wan_line_bandwidth: 0,
    wan_line_count: 0,
    wan_vpc_bandwidth: 0,
    wan_vpc_count: 0,
    ...over,
  };
}

/**
 * {@link wireStatRow}'s row in its public form (as the client returns it and the record
 * stores it): group `rg-1` of console `alphacloud`, every counter 0 but those in `over`
 * (`volumeSize` and `wanCpeBandwidth` undefined: absent).
 */
export function plainStatRow(over: Partial<ProjectResourceStatRow> = {}): ProjectResourceStatRow {
  return {
    resourceGroupId: 'rg-1',
    consoleId: 'alphacloud',
    duration: 'daily',
    endTime: '2021-12-27T17:50:14',
    instanceCount: 0,
    vcpusCount: 0,
    memorySum: 0,
    volumeCount: 0,
    volumeSize: undefined,
    eipCount: 0,
    eipBandwidth: 0,
    wanConnectBandwidth: 0,
    wanConnectCount: 0,
    wanCpeCount: 0,
    wanCpeBandwidth: undefined,
    wanLineBandwidth: 0,
    wanLineCount: 0,
    wanVpcBandwidth: 0,
    wanVpcCount: 0,
    ...over,
  };
}

/**
 * The one row of the seed's example answer (test/_fixtures/qingcloud-seed-example.json) in
 * its public form: every counter 0, `duration` the word `daily`, `end_time`
 * without a zone, and the two fields only the example shows (`volume_size`,
 * `wan_cpe_bandwidth`) kept.
 */
export const SEED_EXAMPLE_ROW: ProjectResourceStatRow = plainStatRow({ resourceGroupId: 'rg-h9v3ucnq', volumeSize: 0, wanCpeBandwidth: 0 });
