import { Construct } from 'constructs';
import { perConstructTree } from '../../src/core/per-app';

describe('perConstructTree', () => {
  it('gives every construct of one tree the one value, made once from its root, and another tree its own', () => {
    const made: Construct[] = [];
    const of = perConstructTree((root) => {
      made.push(root as Construct);
      return { root };
    });
    const [appA, appB] = [new Construct(undefined as unknown as Construct, 'a'), new Construct(undefined as unknown as Construct, 'b')];
    const deep = new Construct(new Construct(appA, 'stack'), 'lookup');
    expect(of(deep)).toBe(of(appA));
    expect(of(deep).root).toBe(appA);
    expect(of(appB)).not.toBe(of(appA));
    expect(of(appB).root).toBe(appB);
    expect(made).toEqual([appA, appB]);
  });
});
