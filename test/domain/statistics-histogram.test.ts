import { describe, expect, it } from 'vitest';
import { histogramErrorBound, percentileFromHistogram, timeBucket, timeBucketEdges, timeFigures } from '../../domain/statistics';

function histogram(values: readonly number[]): number[] {
  const counts: number[] = timeBucketEdges.map(() => 0);
  for (const value of values) counts[timeBucket(value)]! += 1;
  return counts;
}

function exactPercentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (rank - low);
}

describe('answer-time histogram buckets', () => {
  it('keeps every second below 10 s and buckets at most 24% wide above, up to an open bucket from 30 days', () => {
    expect(timeBucketEdges.slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
    for (let i = 10; i < timeBucketEdges.length - 1; i++) expect((timeBucketEdges[i + 1]! - timeBucketEdges[i]!) / timeBucketEdges[i]!).toBeLessThanOrEqual(0.24);
    expect(timeBucketEdges.at(-1)).toBeGreaterThanOrEqual(2_592_000);
    expect(timeBucket(0)).toBe(0);
    expect(timeBucket(-5)).toBe(0);
    expect(timeBucket(9.9)).toBe(9);
    expect(timeBucket(11)).toBe(10);
    expect(timeBucket(12)).toBe(11);
    expect(timeBucket(99_999_999)).toBe(timeBucketEdges.length - 1);
  });

  it('gives an exact median of whole seconds below 10 s and nothing for an empty histogram', () => {
    expect(percentileFromHistogram(histogram([3, 5, 7]), 0.5)).toBe(5);
    expect(percentileFromHistogram(histogram([]), 0.5)).toBeNull();
  });

  it('reads medians and 90th percentiles within one bucket of the exact figure', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const scale of [30, 600, 7200, 200_000]) {
      const values = Array.from({ length: 2000 }, () => Math.floor(scale * -Math.log(1 - random())));
      for (const p of [0.5, 0.9]) {
        const exact = exactPercentile(values, p);
        const approx = percentileFromHistogram(histogram(values), p)!;
        expect(Math.abs(approx - exact)).toBeLessThanOrEqual(histogramErrorBound(exact));
        expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(0.24);
      }
    }
  });

  it('splits the roll-up’s times array into first-answer, further-answer and resolution figures', () => {
    const times = [...histogram([60]), ...histogram([]), ...histogram([5, 7])];
    const figures = timeFigures(times);
    expect(figures.firstAnswerMedian).toBeGreaterThanOrEqual(52);
    expect(figures.firstAnswerMedian).toBeLessThan(62);
    expect(figures.furtherAnswerMedian).toBeNull();
    expect(figures.resolutionMedian).toBe(6);
  });
});
