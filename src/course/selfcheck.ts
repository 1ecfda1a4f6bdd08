/**
 * A self-check's profile, as the player shows it: each area's mean rating (0..1, over the items rated) and the band
 * it falls in (the first whose `upTo` it does not exceed). Pure: the player and the curriculum's tests use it alike.
 */
import type {SelfCheckBlock} from './types.js';

export interface AreaProfile {
  area: string;
  mean: number;
  band: SelfCheckBlock['bands'][number];
}

/** The parts of a self-check profile, in the order the areas first appear. */
export function profile(block: SelfCheckBlock, ratings: Record<string, number>): AreaProfile[] {
  const top = Math.max(1, block.scale.length - 1);
  const areas = new Map<string, number[]>();
  for (const item of block.items) {
    const r = ratings[item.id];
    if (r === undefined) continue;
    areas.set(item.area, [...(areas.get(item.area) ?? []), r / top]);
  }
  return [...areas].map(([area, values]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const band = block.bands.find((b) => b.upTo >= mean - 1e-9) ?? block.bands[block.bands.length - 1]!;
    return {area, mean, band};
  });
}
