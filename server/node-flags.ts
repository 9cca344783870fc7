// V8 settings for the server processes (`npm run start:server` passes them to each; bench:live starts
// its servers with them too).
//
// --max-semi-space-size=64 (MB; Node's default is 16): V8 promotes what is alive at two successive
// young-generation collections to the old generation. With 16 MB those came every ~200 ms at 500
// saves a second, so whatever a save holds while it waits for PostgreSQL (its document, the query's
// buffers) was promoted: 5 MB/s of short-lived objects in the old generation, a full collection every
// ~40 s, and its marking (150 MB of live sockets at 5,000 contestants) took the two cores for ~300 ms,
// every save waiting. With 64 MB the young collections come every ~1 s, promotion falls to ~1 MB/s
// and the scavenges cost half the time. Measured with `npm run bench:live` (BENCH_SERVER_FLAGS adds
// flags, e.g. --trace-gc-nvp); see docs/BENCHMARKS.md.
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];
