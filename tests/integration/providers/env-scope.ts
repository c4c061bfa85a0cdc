import { freeLoopbackPort } from "@/tests/fakes/child-server";

/** Set env variables for a test file and put the previous values back afterwards. */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** A loopback port nothing listens on (bind, note, close). */
export const closedPort = freeLoopbackPort;
