/**
 * Answer and resolution times kept as histograms in fixed buckets, so the daily roll-up
 * (dialog_stats_daily) can be summed over any period and still give a median and a 90th
 * percentile. Bucket i holds whole seconds from `timeBucketEdges[i]` up to (not including) the next
 * edge; the last bucket is open (from the first edge past 30 days: about 34 days). Edges: every second below 10 s, then 10 s × 1.2^k
 * rounded to whole seconds — each bucket at most 24% wider (about 20% from 2 minutes) than its lower edge.
 *
 * The migration 20261206020000_statistics_rollup holds the same edges (a test keeps them equal).
 */
export const timeBucketEdges: readonly number[] = (() => {
  const edges: number[] = [];
  for (let second = 0; second < 10; second++) edges.push(second);
  for (let k = 0; edges[edges.length - 1]! < 2_592_000; k++) {
    const edge = Math.round(10 * 1.2 ** k);
    if (edge !== edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
})();

/** The measures kept as histograms, in the order of the roll-up's `times` array. */
export const timeMeasures = ['firstAnswer', 'furtherAnswer', 'resolution'] as const;
export type TimeMeasure = (typeof timeMeasures)[number];

/** The bucket of a time in seconds (negative times count as 0). */
export function timeBucket(seconds: number): number {
  const value = Math.max(0, Math.floor(seconds));
  let low = 0;
  let high = timeBucketEdges.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (timeBucketEdges[mid]! <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * The p-th percentile (0…1) of the times a histogram counts, as PostgreSQL's percentile_cont
 * would give over the times themselves up to the bucket's width: the rank p × (n − 1) is found in
 * its bucket and placed evenly inside it (a one-second bucket gives its second exactly; the open
 * last bucket gives its lower edge). Null when the histogram is empty.
 */
export function percentileFromHistogram(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  // The k-th smallest time (0-based), placed evenly inside its bucket.
  const nth = (k: number): number => {
    let before = 0;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i]!;
      if (k < before + count) {
        const low = timeBucketEdges[i]!;
        const high = timeBucketEdges[i + 1];
        if (high === undefined || high - low === 1) return low;
        return low + ((high - low) * (k - before + 0.5)) / count;
      }
      before += count;
    }
    return timeBucketEdges[counts.length - 1]!;
  };
  const rank = p * (total - 1);
  const below = Math.floor(rank);
  const lower = nth(below);
  return rank === below ? lower : lower + (nth(below + 1) - lower) * (rank - below);
}

/** The largest error of a percentile read from a histogram: the width of the bucket it falls in. */
export function histogramErrorBound(seconds: number): number {
  const i = timeBucket(seconds);
  const high = timeBucketEdges[i + 1];
  return high === undefined ? Number.POSITIVE_INFINITY : high - timeBucketEdges[i]!;
}

/** Median and 90th percentile of each measure from a roll-up's summed `times` array (measures one after another). */
export function timeFigures(times: readonly number[]) {
  const size = timeBucketEdges.length;
  const of = (measure: TimeMeasure) => times.slice(timeMeasures.indexOf(measure) * size, (timeMeasures.indexOf(measure) + 1) * size);
  const first = of('firstAnswer');
  const further = of('furtherAnswer');
  const resolution = of('resolution');
  return {
    firstAnswerMedian: percentileFromHistogram(first, 0.5),
    firstAnswerP90: percentileFromHistogram(first, 0.9),
    furtherAnswerMedian: percentileFromHistogram(further, 0.5),
    furtherAnswerP90: percentileFromHistogram(further, 0.9),
    resolutionMedian: percentileFromHistogram(resolution, 0.5),
    resolutionP90: percentileFromHistogram(resolution, 0.9),
  };
}

/** Rating values the roll-up counts one by one (others count as rated only), in its `ratings` array's order. */
export const rollupRatingValues = ['like', 'dislike', '1', '2', '3', '4', '5'] as const;
