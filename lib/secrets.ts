import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, env, isServerless } from "./env";

type SecretName = "JWT_SECRET" | "NEXTAUTH_SECRET" | "ENCRYPTION_KEY";

let generated: Partial<Record<SecretName, string>> | undefined;

function secretsFile(): string {
  return path.join(dataDir(), "secrets.json");
}

function loadGenerated(): Partial<Record<SecretName, string>> {
  if (generated) return generated;
  try {
    generated = JSON.parse(readFileSync(secretsFile(), "utf8")) as Partial<Record<SecretName, string>>;
  } catch {
    generated = {};
  }
  return generated;
}

/**
 * A secret from the environment or, on a laptop or single server, one generated once and kept in
 * .data/secrets.json (mode 0600) so that sessions and encrypted credentials survive restarts.
 * A serverless deployment has no persistent disk: there the variable is required.
 */
export function getSecret(name: SecretName): string {
  const fromEnv = env()[name];
  if (fromEnv) return fromEnv;
  if (isServerless()) {
    throw new Error(`${name} is required on this deployment (see README, "Deploy on Vercel")`);
  }
  const store = loadGenerated();
  if (!store[name]) {
    // Re-read in case another process generated it meanwhile.
    generated = undefined;
    const fresh = loadGenerated();
    if (!fresh[name]) {
      fresh[name] = randomBytes(32).toString("base64");
      mkdirSync(dataDir(), { recursive: true });
      writeFileSync(secretsFile(), JSON.stringify(fresh, null, 2), { mode: 0o600 });
    }
    return fresh[name];
  }
  return store[name];
}

/** Forget cached generated secrets (tests switch DATA_DIR). */
export function resetSecretsCache(): void {
  generated = undefined;
}
