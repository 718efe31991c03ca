// The benchmark's lookups: a table of factories, one per lookup construct. The app's
// 30 lookups cycle through the table, so the clouds are mixed evenly. Adding a cloud is
// one factory file (see qingcloud.ts), one line in LOOKUPS and FACTORY_COUNT in shape.ts.
import { huaweiCloudQuotaDetail } from './huaweicloud';
import type { LookupFactory } from './lookup-factory';
import { qingCloudProjectResourceStat } from './qingcloud';
import { FACTORY_COUNT } from './shape';
import { ucloudEipBandwidthUsage } from './ucloud';

/** The lookups of the benchmark app, mixed in this order. */
export const LOOKUPS: readonly LookupFactory[] = [qingCloudProjectResourceStat, ucloudEipBandwidthUsage, huaweiCloudQuotaDetail];
if (LOOKUPS.length !== FACTORY_COUNT) throw new Error(`bench/shape.ts FACTORY_COUNT is ${FACTORY_COUNT}; LOOKUPS has ${LOOKUPS.length}`);
