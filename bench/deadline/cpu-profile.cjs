// Preloaded into the server's and worker's node processes when BENCH_PROFILE_DIR is set (node does
// not take --cpu-prof in NODE_OPTIONS): a V8 CPU profile of the whole run, written at exit.
const fs = require("node:fs");
const path = require("node:path");
const inspector = require("node:inspector");

const dir = process.env.BENCH_PROFILE_DIR;
// Only the processes that run LabelArena's code, not npm or the tsx wrapper in front of them.
const script = process.argv[1] ?? "";
if (dir && /(server|workers)\/(main|cluster)\.ts$/.test(script)) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  process.on("exit", () => {
    // The in-process session answers synchronously, so this still runs inside the exit handler.
    session.post("Profiler.stop", (err, res) => {
      if (err) return;
      const name = `${path.basename(path.dirname(script))}-${path.basename(script, ".ts")}-${process.pid}.cpuprofile`;
      fs.writeFileSync(path.join(dir, name), JSON.stringify(res.profile));
    });
  });
}
