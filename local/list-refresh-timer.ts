/**
 * The local stand-in for the EventBridge schedule of the list refresh: runs the refresh now,
 * then every `everyMs`, one run at a time (a run still going when the next is due skips it).
 * Off unless `npm start -- --refresh-lists-every MINUTES` asks for it; tests never start it.
 */
export type ListRefreshTimer = { stop(): Promise<void> };

export function startListRefreshTimer<R>(options: {
  everyMs: number;
  run: () => Promise<R>;
  onResult: (result: R) => void;
  onError: (err: unknown) => void;
}): ListRefreshTimer {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = options
      .run()
      .then(options.onResult, options.onError)
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, options.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
