// Latency samples kept as a histogram (so millions of them fit and merge across processes), and the
// clock every process of the bench stamps with.

/** Wall-clock ms with sub-ms precision, comparable across processes: the simulator's own clock. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Bucket width: 10 µs below 100 ms, 1 ms below 10 s, 100 ms above. */
function bucketOf(ms: number): number {
  if (ms < 100) return Math.floor(ms * 100);
  if (ms < 10_000) return 10_000 + Math.floor(ms - 100);
  return 20_000 + Math.floor((ms - 10_000) / 100);
}

function bucketValue(bucket: number): number {
  if (bucket < 10_000) return (bucket + 0.5) / 100;
  if (bucket < 20_000) return bucket - 10_000 + 100 + 0.5;
  return (bucket - 20_000) * 100 + 10_000 + 50;
}

/** Plain-object form, for sending over IPC. */
export type HistogramData = { counts: Record<string, number>; negative: number; max: number; sum: number };

export class Histogram {
  private readonly counts = new Map<number, number>();
  /** Samples below 0 (clock granularity between processes): counted as 0. */
  negative = 0;
  count = 0;
  max = 0;
  sum = 0;

  add(ms: number): void {
    if (ms < 0) {
      this.negative += 1;
      ms = 0;
    }
    const b = bucketOf(ms);
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    this.count += 1;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: Histogram | HistogramData): void {
    const data = other instanceof Histogram ? other.toData() : other;
    for (const [k, n] of Object.entries(data.counts)) {
      const b = Number(k);
      this.counts.set(b, (this.counts.get(b) ?? 0) + n);
      this.count += n;
    }
    this.negative += data.negative;
    this.sum += data.sum;
    this.max = Math.max(this.max, data.max);
  }

  /** The value at quantile q (0..1), to the bucket's resolution; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    const buckets = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const b of buckets) {
      seen += this.counts.get(b) ?? 0;
      if (seen >= rank) return Math.min(bucketValue(b), this.max);
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      samples: this.count,
      p50Ms: round(this.quantile(0.5)),
      p95Ms: round(this.quantile(0.95)),
      p99Ms: round(this.quantile(0.99)),
      maxMs: round(this.max),
      meanMs: round(this.count ? this.sum / this.count : Number.NaN),
    };
  }

  toData(): HistogramData {
    return { counts: Object.fromEntries(this.counts), negative: this.negative, max: this.max, sum: this.sum };
  }

  static from(data: HistogramData): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Percentile of a plain list (small samples such as TTFT or replay times). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
