// Near-duplicate detection: the same wire copy posted by several outlets. Texts become sets of word 5-shingles,
// summarised by one-permutation MinHash (each shingle hashed once into one of 128 bins: ~100x cheaper than 128
// independent hashes, the same estimator); bands over the first 64 bins index candidates, which the whole
// signature then verifies (128 bins keep the estimate's noise near ±0.035 at Jaccard 0.2).

export const SIGNATURE_SIZE = 128;
const BANDS = 32; // 32 bands of 2 bins: pairs with Jaccard 0.25 become candidates 87% of the time
const ROWS = 2;
const SHINGLE = 5;
const EMPTY = 0xffffffff;

function fnv1a(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Signature {
  bins: Uint32Array;
  /** Number of distinct shingles (approximately: the count of shingles). */
  size: number;
}

/** MinHash signature of an identity text (lower-case words separated by single spaces). */
export function signature(identity: string): Signature {
  const words: number[] = [];
  let start = 0;
  for (let i = 0; i <= identity.length; i++) {
    if (i === identity.length || identity.charCodeAt(i) === 32) {
      if (i > start) words.push(fnv1a(identity, start, i));
      start = i + 1;
    }
  }
  const bins = new Uint32Array(SIGNATURE_SIZE).fill(EMPTY);
  const n = Math.max(0, words.length - SHINGLE + 1);
  for (let i = 0; i < n; i++) {
    let h = words[i] as number;
    for (let k = 1; k < SHINGLE; k++) h = Math.imul(h ^ (words[i + k] as number), 0x9e3779b1) + k;
    h = mix(h >>> 0);
    const bin = h >>> 25; // top 7 bits choose the bin
    const value = h & 0x01ffffff;
    if (value < (bins[bin] as number)) bins[bin] = value;
  }
  // Densify: an empty bin borrows the next non-empty bin's value (rotation), so that sparse texts still compare.
  if (n > 0) {
    for (let b = 0; b < SIGNATURE_SIZE; b++) {
      if (bins[b] !== EMPTY) continue;
      for (let step = 1; step < SIGNATURE_SIZE; step++) {
        const v = bins[(b + step) % SIGNATURE_SIZE] as number;
        if (v !== EMPTY && v < 0x02000000) {
          bins[b] = v + 0x02000000 * step; // marks the borrowed value so it only matches the same borrow
          break;
        }
      }
    }
  }
  return { bins, size: n };
}

/** Estimated Jaccard similarity of two signatures. */
export function jaccard(a: Signature, b: Signature): number {
  // After densification every bin of a non-empty text is filled; two empty texts are not alike.
  if (a.size === 0 || b.size === 0) return 0;
  const x = a.bins;
  const y = b.bins;
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (x[i] === y[i]) same++;
  return same / SIGNATURE_SIZE;
}

/** Estimated share of the smaller set found in the larger, from the Jaccard estimate and the sizes. */
export function containment(j: number, a: Signature, b: Signature): number {
  const small = Math.min(a.size, b.size);
  if (small === 0) return 0;
  const inter = (j * (a.size + b.size)) / (1 + j);
  return Math.min(1, inter / small);
}

/** The rule for "the same copy": most text shared, or a shorter cut of the other. Calibrated on FA-KES. */
export function isReprint(j: number, c: number): boolean {
  return j >= 0.5 || (c >= 0.5 && j >= 0.15);
}

const MIN_SHINGLES = 12; // a few lines of text are too short to call a reprint
const BUCKET_CAP = 8; // enough candidates per band; bounded work per article however large the index grows
const MAX_VERIFIED = 12; // candidates whose whole signature is compared, most shared bands first

export interface Match {
  id: string;
  similarity: number;
  containment: number;
}

/**
 * An in-memory LSH index over the signatures of the most recent `capacity` articles. Copies of one wire story run
 * within days of each other, so a window keeps memory bounded however much is ingested (a 1 GB file, a year of
 * feeds) without losing the reprints that matter. Buckets hold sequence numbers; a bucket of one is stored as a
 * bare number (most buckets, in real data), which halves the index's memory.
 */
export class ReprintIndex {
  private readonly buckets = new Map<number, number | number[]>();
  private readonly ids: string[];
  private readonly sigs: (Signature | undefined)[];
  private next = 0; // sequence number of the next article added

  constructor(readonly capacity = 100_000) {
    this.ids = new Array(capacity);
    this.sigs = new Array(capacity);
  }

  get size(): number {
    return Math.min(this.next, this.capacity);
  }

  /** Band keys, computed once per signature (match and add both need them). */
  private keysOf(sig: Signature): number[] {
    if (this.lastSig === sig && this.lastKeys) return this.lastKeys;
    this.lastSig = sig;
    this.lastKeys = this.keys(sig);
    return this.lastKeys;
  }

  private lastSig: Signature | null = null;
  private lastKeys: number[] | null = null;

  private keys(sig: Signature): number[] {
    const keys: number[] = [];
    for (let band = 0; band < BANDS; band++) {
      let h = band + 1;
      for (let r = 0; r < ROWS; r++)
        h = mix(Math.imul(h, 0x9e3779b1) ^ (sig.bins[band * ROWS + r] as number));
      keys.push(h >>> 2); // small integers make cheaper Map keys than doubles
    }
    return keys;
  }

  /** The best earlier text this one reprints, if any. */
  match(sig: Signature): Match | null {
    if (sig.size < MIN_SHINGLES) return null;
    // Count how many bands each candidate shares: more shared bands, higher similarity. Verify the likeliest few.
    const hits = new Map<number, number>();
    for (const key of this.keysOf(sig)) {
      const bucket = this.buckets.get(key);
      if (bucket === undefined) continue;
      if (typeof bucket === "number") hits.set(bucket, (hits.get(bucket) ?? 0) + 1);
      else for (const seq of bucket) hits.set(seq, (hits.get(seq) ?? 0) + 1);
    }
    const candidates = [...hits].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_VERIFIED);
    let best: Match | null = null;
    for (const [seq] of candidates) {
      const other = this.sigs[seq % this.capacity] as Signature;
      const j = jaccard(sig, other);
      const c = containment(j, sig, other);
      if (isReprint(j, c) && (!best || j > best.similarity)) {
        best = { id: this.ids[seq % this.capacity] as string, similarity: j, containment: c };
      }
    }
    return best;
  }

  add(id: string, sig: Signature): void {
    if (sig.size < MIN_SHINGLES) return;
    if (this.next >= this.capacity) this.evict(this.next - this.capacity);
    const seq = this.next++;
    this.ids[seq % this.capacity] = id;
    this.sigs[seq % this.capacity] = sig;
    for (const key of this.keysOf(sig)) {
      const bucket = this.buckets.get(key);
      if (bucket === undefined) this.buckets.set(key, seq);
      else if (typeof bucket === "number") this.buckets.set(key, [bucket, seq]);
      else if (bucket.length < BUCKET_CAP) bucket.push(seq);
    }
  }

  /** Drops the oldest article from every bucket it is in. */
  private evict(seq: number): void {
    const sig = this.sigs[seq % this.capacity] as Signature;
    for (const key of this.keys(sig)) {
      const bucket = this.buckets.get(key);
      if (bucket === seq) this.buckets.delete(key);
      else if (Array.isArray(bucket)) {
        const rest = bucket.filter((s) => s !== seq);
        if (rest.length === 0) this.buckets.delete(key);
        else this.buckets.set(key, rest.length === 1 ? (rest[0] as number) : rest);
      }
    }
    this.sigs[seq % this.capacity] = undefined;
  }

  /** Number of band keys held: what the index's memory grows with. */
  get keyCount(): number {
    return this.buckets.size;
  }
}

/** Signature bins as bytes for storage, and back. */
export function packSignature(sig: Signature): Buffer {
  return Buffer.from(sig.bins.buffer, sig.bins.byteOffset, sig.bins.byteLength);
}

export function unpackSignature(bytes: Uint8Array, size: number): Signature {
  const copy = new Uint8Array(bytes);
  return { bins: new Uint32Array(copy.buffer, 0, SIGNATURE_SIZE), size };
}
