/**
 * The state codec (`src/course/codec.ts`, about 3 KB gzip) is not part of a launch's first download: it is loaded
 * at once where the LMS or the LRS holds saved progress to read (the launch waits for it), and else after the first
 * screen is painted, for the first save (as this device's database is: ./local-copy.ts).
 */
export type StateCodec = typeof import('../course/codec.js');

/** Resolves once the next frame is painted, or after 200 ms where none is (a hidden page paints no frame). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 200);
    requestAnimationFrame(() => setTimeout(resolve));
  });
}

let loaded: StateCodec | null = null;
let loading: Promise<StateCodec> | null = null;

/** The codec: loaded now (`urgent`) or after the next paint; loaded again on the next call if it failed. */
export function stateCodec(urgent: boolean): Promise<StateCodec> {
  if (!loading) {
    const p = (urgent ? Promise.resolve() : afterPaint()).then(() => import('../course/codec.js'));
    loading = p;
    p.then(
      (m) => (loaded = m),
      () => {
        if (loading === p) loading = null;
      },
    );
  }
  return loading;
}

/** The codec where it has been loaded, else null. */
export function loadedStateCodec(): StateCodec | null {
  return loaded;
}

/** A SCORM tracker's commit held back until the codec has loaded (in place of its commit timer). */
export const HELD = -1 as unknown as ReturnType<typeof setTimeout>;
