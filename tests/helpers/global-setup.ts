import type { TestProject } from "vitest/node";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

/**
 * On PostgreSQL (TEST_DATABASE_URL set) migrate one template database once; every test file then
 * gets its own fresh copy (CREATE DATABASE ... TEMPLATE), so files run in parallel in isolation.
 */
export default async function setup(project: TestProject) {
  createLoopbackCertificate();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const template = `pookai_tpl_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  const templateUrl = withDatabase(url, template);
  process.env.DATABASE_URL = templateUrl;
  const { getDb, closeDb } = await import("../../lib/db");
  await getDb();
  await closeDb();
  delete process.env.DATABASE_URL;
  project.provide("pgTemplate", template);
  return async () => {
    const stale = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`pookai_t_${process.pid}_%`} or datname = ${template}`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

/**
 * A self-signed certificate for 127.0.0.1/localhost, trusted by every test worker through
 * NODE_EXTRA_CA_CERTS (read when a worker starts), so loopback HTTPS fakes are verified like real
 * servers instead of turning certificate checks off.
 */
function createLoopbackCertificate() {
  if (process.env.TEST_TLS_CERT) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), "pookai-tls-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  process.env.TEST_TLS_KEY = key;
  process.env.TEST_TLS_CERT = cert;
  process.env.NODE_EXTRA_CA_CERTS = cert;
}
