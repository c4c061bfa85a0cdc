import { afterAll, beforeAll } from "vitest";
import { setEnv } from "@/tests/integration/providers/env-scope";

type FakeServer = { env: Record<string, string>; stop(): Promise<void> };

/**
 * A loopback fake for the enclosing describe block: started before its tests with the app pointed at
 * it (`env`), stopped after. The returned object stands for the fake once it runs.
 */
export function useFake<F extends FakeServer>(start: () => Promise<F>): F {
  let fake: F | undefined;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    fake = await start();
    restoreEnv = setEnv({ ...fake.env });
  });
  afterAll(async () => {
    restoreEnv?.();
    await fake?.stop();
  });
  return new Proxy({} as F, {
    get(_, key) {
      if (!fake) throw new Error("the fake is used before its describe block started it");
      return Reflect.get(fake, key);
    },
  });
}
