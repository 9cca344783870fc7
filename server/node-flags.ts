// V8 settings for the server processes: `npm run start:server` gives them to each server process, and
// bench:live starts its servers with them. LA_SERVER_NODE_FLAGS replaces them (a space-separated
// list; empty for V8's defaults).
//
// Why, measured with `npm run bench:live` at 5,000 contestants on two cores (docs/BENCHMARKS.md):
// - --max-semi-space-size=64 (MB; Node's default is 16). V8 moves what is alive at two successive
//   young-generation collections to the old generation. With 16 MB they came every ~200 ms at 500
//   saves a second, so what a save holds while PostgreSQL writes it (its document, the query's
//   buffers) was promoted: 5 MB/s of short-lived objects in the old generation, and a full
//   collection every ~40 s. With 64 MB they come every ~1 s, promotion falls to 1-2 MB/s, and the
//   young collections cost half the time.
// - --no-incremental-marking. A full collection marks every live socket (150 MB at 5,000). Done
//   concurrently, its marking threads took ~0.7 s of CPU over ~300 ms from the cores that
//   PostgreSQL and the event loop needed, and every save in that span waited (p99 up to 200 ms).
//   Done at once with all threads, it is one pause of ~100 ms, after which the queue drains.
export const DEFAULT_SERVER_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=64",
  "--no-incremental-marking",
];

export function serverNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const custom = env.LA_SERVER_NODE_FLAGS;
  if (custom === undefined) return [...DEFAULT_SERVER_NODE_FLAGS];
  return custom.split(/\s+/).filter(Boolean);
}
