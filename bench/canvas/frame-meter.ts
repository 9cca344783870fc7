// Measures, inside the page, what each animation frame costs the main thread while a gesture runs.
//
// One step per frame: the step's events are dispatched in a task between frames, as input arrives,
// and its cost is the handler time (with the microtasks it queued, where React renders a store
// change) plus the frame that follows, from its first requestAnimationFrame callback to a task
// posted from that callback (which runs once the frame, Konva's draws included, is painted).
// Waiting for vsync is not counted, so on a 60 Hz display a frame fits while its cost is ≤ 16.7 ms;
// the rAF interval is kept too, and shows frames that were actually missed.

export interface FrameSample {
  /** Main-thread time of the step: handler + frame, in ms. */
  costMs: number;
  /** Time since the previous frame's requestAnimationFrame timestamp, in ms (NaN for the first). */
  intervalMs: number;
}

export function measureFrames(frames: number, step: (i: number) => void): Promise<FrameSample[]> {
  return new Promise((resolve, reject) => {
    const samples: FrameSample[] = [];
    const handlerDone = new MessageChannel();
    const painted = new MessageChannel();
    let i = 0;
    let t0 = 0;
    let t1 = 0;
    let frameStart = 0;
    let lastTs = Number.NaN;
    let interval = Number.NaN;

    const probe = (ts: number) => {
      frameStart = performance.now();
      interval = ts - lastTs;
      lastTs = ts;
      painted.port2.postMessage(0);
    };
    const runStep = () => {
      requestAnimationFrame(probe); // before the step, so it is the frame's first callback
      t0 = performance.now();
      try {
        step(i);
      } catch (e) {
        reject(e);
        return;
      }
      handlerDone.port2.postMessage(0);
    };
    handlerDone.port1.onmessage = () => {
      t1 = performance.now();
    };
    painted.port1.onmessage = () => {
      const end = performance.now();
      // Had a frame run before the handler's microtasks finished, the step was one busy stretch.
      const costMs = frameStart >= t1 ? t1 - t0 + (end - frameStart) : end - t0;
      samples.push({ costMs, intervalMs: interval });
      i += 1;
      if (i < frames) runStep();
      else {
        handlerDone.port1.close();
        painted.port1.close();
        resolve(samples);
      }
    };
    runStep();
  });
}

/** Resolves after the next frame has been painted. */
export function afterNextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve(performance.now());
      };
      ch.port2.postMessage(0);
    });
  });
}
