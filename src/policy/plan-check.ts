import { IConstruct } from 'constructs';
import { FrameworkModule } from '../core/framework';

/**
 * Something resources can depend on: what cdktf's and cdktn's `ITerraformDependable`
 * both are, so `dependsOn: [gate.dependable]` compiles in an app on either framework.
 */
export interface GateDependable {
  /** The Terraform address the dependency is written as (a token). */
  readonly fqn: string;
}

/**
 * A Terraform resource a gate can protect: the part of cdktf's and cdktn's
 * `TerraformResource` the gate uses, declared structurally so that a resource of either
 * framework is accepted without a cast (the frameworks' classes have private members, so
 * one framework's class type never accepts the other's instances).
 */
export interface ProtectableResource extends IConstruct {
  /** The resource's `depends_on` (framework tokens). */
  dependsOn?: string[];
  /** The Terraform resource type, e.g. `null_resource`. */
  readonly terraformResourceType: string;
}

/** The plan-time check resource: what the gate uses of it. @internal */
export interface PlanCheckResource extends IConstruct {
  readonly fqn: string;
  addOverride(path: string, value: unknown): void;
}

/** Alias of the `null` provider configuration the plan-time checks use. */
export const PLAN_CHECK_PROVIDER_ALIAS = 'headroom_gates';
const PROVIDER_ID = 'headroom-gates-null-provider';

/**
 * The hashicorp/null provider's generator metadata, as `@cdktf/provider-null` 11 declares
 * it, so the synthesized `required_providers` entry is the same as with that package.
 */
const NULL_PROVIDER_METADATA = { providerName: 'null', providerVersion: '3.2.4', providerVersionConstraint: '~> 3.0' };

interface NullClasses {
  provider: new (scope: IConstruct, id: string, alias: string) => IConstruct & { readonly fqn: string };
  resource: new (scope: IConstruct, id: string, provider: IConstruct) => PlanCheckResource;
}

const classes = new WeakMap<FrameworkModule, NullClasses>();

/**
 * `null` provider and `null_resource` classes built on `fw`'s own base classes.
 *
 * Why not `@cdktf/provider-null`: its generated classes extend cdktf's, and it declares
 * cdktf as its peer, so in a cdktn app it would install a second framework and its
 * resource would break cdktn's synth. The two classes below synthesize exactly what its
 * `NullProvider({ alias })` and `Resource(scope, id, { provider })` do (a provider
 * config with an alias, a `null_resource` with no attribute but its meta-arguments).
 */
function nullClasses(fw: FrameworkModule): NullClasses {
  let found = classes.get(fw);
  if (!found) {
    class HeadroomNullProvider extends fw.TerraformProvider {
      constructor(
        scope: IConstruct,
        id: string,
        private readonly aliasName: string,
      ) {
        super(scope, id, { terraformResourceType: 'null', terraformGeneratorMetadata: NULL_PROVIDER_METADATA, terraformProviderSource: 'null' });
      }

      get alias(): string {
        return this.aliasName;
      }

      set alias(_value: string) {
        // fixed: the plan checks' own configuration
      }
    }
    class HeadroomNullResource extends fw.TerraformResource {
      constructor(scope: IConstruct, id: string, provider: IConstruct) {
        super(scope, id, { terraformResourceType: 'null_resource', terraformGeneratorMetadata: NULL_PROVIDER_METADATA, provider });
      }
    }
    found = { provider: HeadroomNullProvider, resource: HeadroomNullResource };
    classes.set(fw, found);
  }
  return found;
}

/**
 * Adds the plan-time check: a `null_resource` on the stack's aliased `null` provider
 * (created once per stack; the alias keeps it clear of a default `null` provider the
 * stack may declare, before or after), made of the app's own framework `fw`.
 * @internal
 */
export function addPlanCheck(fw: FrameworkModule, stack: IConstruct, scope: IConstruct, id: string): PlanCheckResource {
  const { provider, resource } = nullClasses(fw);
  const existing = stack.node.tryFindChild(PROVIDER_ID);
  const config = existing ?? new provider(stack, PROVIDER_ID, PLAN_CHECK_PROVIDER_ALIAS);
  return new resource(scope, id, config);
}
