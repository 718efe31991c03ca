import { Validator } from '../core/validate';

/**
 * How much of a headroom one planned resource takes, as the plan report records it:
 *
 * - `fixed`: always `value` (one instance, one EIP).
 * - `attribute`: the number in the resource's attribute `attribute` (a top-level name, or
 *   a dotted path such as `root_block_device.0.size`), `ifAbsent` when the attribute is
 *   absent or null (the provider's documented default), and at most `upTo` while the plan
 *   does not know it yet.
 * - `match`: 1 when the attribute equals `equals`, else 0 (one HSS quota of a version).
 *   An unknown value counts as 1, the most it can be.
 */
export type PlanQuantity =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'attribute'; readonly attribute: string; readonly ifAbsent?: number; readonly upTo?: number }
  | { readonly kind: 'match'; readonly attribute: string; readonly equals: string };

/**
 * What counts toward a headroom in a Terraform plan, matched by resource type: every
 * planned resource of `resourceType` (in the root module or any module, every count and
 * for_each instance) takes `quantity`.
 *
 * Make them with {@link Consumers}; they are plain data, written into the gate report for
 * `cdktf-headroom check --plan`.
 */
export interface PlanConsumer {
  /** The Terraform resource type, e.g. `qingcloud_instance`. */
  readonly resourceType: string;
  /** How much each resource takes. */
  readonly quantity: PlanQuantity;
  /** One line for reports: what is counted, e.g. `qingcloud_instance: cpu (vCPUs)`. */
  readonly description: string;
}

/** Options of the built-in {@link Consumers} that read a number from the plan. */
export interface ConsumerOptions {
  /**
   * The most one resource can take while the plan does not know the attribute yet
   * (`after_unknown`). Without it, an unknown value fails `check --plan` closed, naming
   * the resource and the attribute: an unknown is never read as 0.
   * @default none: an unknown value fails the check
   */
  readonly upTo?: number;
}

/** Options of {@link Headroom.claim}: the quantity is fixed (`quantity`) or read from an attribute (`attribute`). */
export interface ClaimOptions {
  /**
   * How much of the headroom the resource takes, whatever its attributes. Give this or
   * `attribute`, not both.
   * @default 1, when `attribute` is not given either
   */
  readonly quantity?: number;
  /**
   * The attribute of the planned resource that holds how much it takes (a top-level name,
   * or a dotted path such as `settings.0.size`).
   * @default none: the fixed `quantity`
   */
  readonly attribute?: string;
  /**
   * With `attribute`: the most the resource can take while the plan does not know the
   * value yet. Without it, an unknown value fails `check --plan` closed.
   * @default none: an unknown value fails the check
   */
  readonly upTo?: number;
}

/** A resource a stack claims for a headroom, as the plan report records it. */
export interface PlanClaim {
  /**
   * The resource's address as Terraform writes it in a plan, without instance keys
   * (`terraform_data.worker`, `module.net.qingcloud_eip.main`): every count and for_each
   * instance of it counts. An address with a key (`terraform_data.worker[0]`) claims that
   * instance only.
   */
  readonly address: string;
  /** How much each instance takes. */
  readonly quantity: PlanQuantity;
}

/** A non-negative finite number option, or an `InputError` naming it. */
function nonNegative(v: Validator, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) v.fail(field, value, 'a finite number of at least 0');
  return value;
}

function upToOf(where: string, options: ConsumerOptions | undefined): { upTo?: number } {
  const v = new Validator(where);
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) v.fail('options', options, 'an object such as { upTo: 8 }');
  return options.upTo === undefined ? {} : { upTo: nonNegative(v, 'upTo', options.upTo) };
}

/**
 * A built-in consumer that reads `attribute` of every planned `resourceType`: `ifAbsent`
 * is the provider's documented default (undefined when the provider requires the
 * attribute), `options.upTo` the most an unknown value can be.
 */
function attributeConsumer(
  where: string,
  options: ConsumerOptions | undefined,
  resourceType: string,
  attribute: string,
  ifAbsent: number | undefined,
  description: string,
): PlanConsumer {
  return { resourceType, quantity: { kind: 'attribute', attribute, ...(ifAbsent === undefined ? {} : { ifAbsent }), ...upToOf(where, options) }, description };
}

const RESOURCE_TYPE = /^[a-z][a-z0-9_]*$/;

/**
 * Built-in consumers for the Terraform providers of the three clouds, and your own.
 *
 * Why: a plan pipeline must see what a deployment adds to a quota, whichever resource
 * adds it. Give the consumers to {@link HeadroomProps.counts}; `cdktf-headroom check
 * --plan` then accounts every planned resource of those types against the headroom.
 * The defaults used when an attribute is absent are the providers' documented defaults;
 * a plan written by `terraform show -json` usually carries the value itself.
 *
 * @example
 * const instances = Headroom.of({ used: usage.totals.instanceCount, limit: 50, source: usage,
 *   name: 'qingcloud-instances', counts: [Consumers.qingcloudInstances()] });
 */
export class Consumers {
  /**
   * One per `qingcloud_instance` (QingCloud provider `qingcloud/qingcloud`).
   */
  static qingcloudInstances(): PlanConsumer {
    return { resourceType: 'qingcloud_instance', quantity: { kind: 'fixed', value: 1 }, description: 'qingcloud_instance: 1 instance each' };
  }

  /**
   * The vCPUs of each `qingcloud_instance`: its `cpu` attribute (cores: 1, 2, 4, 8 or 16),
   * 1 when absent: the provider's schema default (`Default: 1`; resource docs, "cpu - (Optional)
   * cpu of instance, effective value(core): 1, 2, 4, 8, 16").
   */
  static qingcloudVcpus(options?: ConsumerOptions): PlanConsumer {
    return attributeConsumer('Consumers.qingcloudVcpus', options, 'qingcloud_instance', 'cpu', 1, 'qingcloud_instance: cpu (vCPUs, default 1)');
  }

  /**
   * The memory of each `qingcloud_instance`: its `memory` attribute, in MB (the resource
   * docs say "effective value(GB): 1024, 2048, ... 32768", but the values are megabytes:
   * 1024 is 1 GB), 1024 when absent: the provider's schema default (`Default: 1024`).
   */
  static qingcloudMemoryMb(options?: ConsumerOptions): PlanConsumer {
    return attributeConsumer('Consumers.qingcloudMemoryMb', options, 'qingcloud_instance', 'memory', 1024, 'qingcloud_instance: memory (MB, default 1024)');
  }

  /** One per `qingcloud_volume`. */
  static qingcloudVolumes(): PlanConsumer {
    return { resourceType: 'qingcloud_volume', quantity: { kind: 'fixed', value: 1 }, description: 'qingcloud_volume: 1 volume each' };
  }

  /**
   * The size of each `qingcloud_volume`: its `size` attribute, in GB ("size of volume,
   * measured in gb, min 10, max 5000, multiples of 10"). Required by the provider: no
   * default, so an absent size fails the check.
   */
  static qingcloudVolumeSizeGb(options?: ConsumerOptions): PlanConsumer {
    return attributeConsumer('Consumers.qingcloudVolumeSizeGb', options, 'qingcloud_volume', 'size', undefined, 'qingcloud_volume: size (GB)');
  }

  /** One per `qingcloud_eip`. */
  static qingcloudEips(): PlanConsumer {
    return { resourceType: 'qingcloud_eip', quantity: { kind: 'fixed', value: 1 }, description: 'qingcloud_eip: 1 EIP each' };
  }

  /**
   * The bandwidth of each `qingcloud_eip`: its `bandwidth` attribute, in Mbps ("Maximum
   * bandwidth to the elastic public network, measured in Mbps"). Required by the provider:
   * no default, so an absent bandwidth fails the check.
   */
  static qingcloudEipBandwidthMbps(options?: ConsumerOptions): PlanConsumer {
    return attributeConsumer('Consumers.qingcloudEipBandwidthMbps', options, 'qingcloud_eip', 'bandwidth', undefined, 'qingcloud_eip: bandwidth (Mbps)');
  }

  /**
   * The bandwidth of each `ucloud_eip` (UCloud provider `ucloud/ucloud`): its `bandwidth`
   * attribute, in Mbps, 1 when absent: the provider's documented default ("bandwidth -
   * (Optional) ... measured in Mbps ... (Default: "1")").
   */
  static ucloudEipBandwidthMbps(options?: ConsumerOptions): PlanConsumer {
    return attributeConsumer('Consumers.ucloudEipBandwidthMbps', options, 'ucloud_eip', 'bandwidth', 1, 'ucloud_eip: bandwidth (Mbps, default 1)');
  }

  /**
   * One quota of `version` per `huaweicloud_hss_host_protection` (Huawei Cloud provider
   * `huaweicloud/huaweicloud`) whose `version` is that version: each protected host uses
   * one quota of its version. `version` is required by the provider (no default) and can
   * change in place, so an update from another version adds one. While the plan does not
   * know the version, the resource counts as 1, the most it can take.
   * @param version e.g. `hss.version.enterprise` (one of `hss.version.basic`, `advanced`, `enterprise`, `premium`)
   */
  static huaweicloudHssQuotas(version: string): PlanConsumer {
    const v = new Validator('Consumers.huaweicloudHssQuotas');
    const ver = v.nonEmptyString('version', version);
    return {
      resourceType: 'huaweicloud_hss_host_protection',
      quantity: { kind: 'match', attribute: 'version', equals: ver },
      description: `huaweicloud_hss_host_protection: 1 quota of ${ver} each`,
    };
  }

  /**
   * Your own consumer: every planned resource of `resourceType` takes `options.quantity`
   * (default 1), or the number in its attribute `options.attribute`.
   * @example Consumers.ofType('ucloud_disk', { attribute: 'disk_size' })
   */
  static ofType(resourceType: string, options: ClaimOptions = {}): PlanConsumer {
    const where = 'Consumers.ofType';
    const v = new Validator(where);
    if (typeof resourceType !== 'string' || !RESOURCE_TYPE.test(resourceType))
      v.fail('resourceType', resourceType, 'a Terraform resource type such as "qingcloud_instance" (lower case letters, digits and "_")');
    const quantity = claimQuantity(where, options);
    return {
      resourceType,
      quantity,
      description: `${resourceType}: ${quantity.kind === 'attribute' ? quantity.attribute : quantity.kind === 'fixed' ? `${quantity.value} each` : quantity.attribute}`,
    };
  }
}

/** Checks {@link ClaimOptions} and gives the quantity they describe; an `InputError` names a bad field. */
export function claimQuantity(where: string, options: ClaimOptions): PlanQuantity {
  const v = new Validator(where);
  if (typeof options !== 'object' || options === null) v.fail('options', options, 'an object such as { quantity: 1 } or { attribute: "cpu", upTo: 8 }');
  if (options.quantity !== undefined && options.attribute !== undefined)
    v.fail('quantity', options.quantity, 'absent when attribute is given: a quantity is fixed or read from an attribute, not both');
  if (options.attribute !== undefined) {
    const attribute = v.nonEmptyString('attribute', options.attribute);
    return { kind: 'attribute', attribute, ...(options.upTo === undefined ? {} : { upTo: nonNegative(v, 'upTo', options.upTo) }) };
  }
  if (options.upTo !== undefined) v.fail('upTo', options.upTo, 'absent unless attribute is given: a fixed quantity is always known');
  return { kind: 'fixed', value: options.quantity === undefined ? 1 : nonNegative(v, 'quantity', options.quantity) };
}

/** Checks a consumer given to `Headroom.of({ counts })`; an `InputError` names what is wrong. */
export function checkConsumer(where: string, field: string, c: unknown): PlanConsumer {
  const v = new Validator(where);
  const x = c as Partial<PlanConsumer> | null;
  if (typeof x !== 'object' || x === null || typeof x.resourceType !== 'string' || typeof x.quantity !== 'object' || x.quantity === null)
    v.fail(field, c, 'a consumer made with Consumers, such as Consumers.qingcloudInstances()');
  return x as PlanConsumer;
}
