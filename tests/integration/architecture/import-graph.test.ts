// The import graph of the app, as dependency-cruiser reads it with .dependency-cruiser.cjs: no loop between files, none
// between folders, and imports flowing door → service → db/providers.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SOURCES = ["app", "lib", "components", "inngest", "instrumentation.ts", "proxy.ts"];

type Cruise = {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[] };
};

function cruise(paths: string[]): Cruise {
  const out = execFileSync(path.join(ROOT, "node_modules/.bin/depcruise"), ["--output-type", "json", "--", ...paths], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as Cruise;
}

/** The folder a file counts in: lib/<domain> (a file directly in lib/ is its own), components/<domain>, else its top folder. */
function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "lib" || parts[0] === "components") return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file.replace(/\.tsx?$/, "");
  return parts.length > 1 ? parts[0]! : file;
}

/** The groups of folders that import each other in a loop (strongly connected components larger than one), sorted. */
function folderLoops(edges: [string, string][]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [from, to] of edges) if (from !== to) (next.get(from) ?? next.set(from, new Set()).get(from)!).add(to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) loops.push(group.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return loops;
}

function appEdges(result: Cruise): { edges: [string, string][]; examples: Map<string, string> } {
  const edges: [string, string][] = [];
  const examples = new Map<string, string>();
  for (const m of result.modules) {
    if (m.source.startsWith("node_modules")) continue;
    for (const d of m.dependencies) {
      if (d.coreModule || d.couldNotResolve || d.resolved.startsWith("node_modules")) continue;
      const from = folderOf(m.source);
      const to = folderOf(d.resolved);
      if (from === to) continue;
      edges.push([from, to]);
      if (!examples.has(`${from} -> ${to}`)) examples.set(`${from} -> ${to}`, `${m.source} -> ${d.resolved}`);
    }
  }
  return { edges, examples };
}

describe("the import graph", () => {
  const result = cruise(SOURCES);

  it("breaks none of the rules in .dependency-cruiser.cjs (no file loops, lib below the doors, db and providers at the bottom)", () => {
    const violations = result.summary.violations.map(
      (v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(" -> ")})` : ""}`,
    );
    expect(violations).toEqual([]);
  });

  it("has no loop between folders", () => {
    const { edges, examples } = appEdges(result);
    expect(result.modules.length).toBeGreaterThan(300);
    const loops = folderLoops(edges).map((group) => ({
      folders: group,
      imports: [...examples].filter(([pair]) => group.includes(pair.split(" -> ")[0]!) && group.includes(pair.split(" -> ")[1]!)).map(([, file]) => file),
    }));
    expect(loops).toEqual([]);
  });

  it("would see a loop: the folder check finds one in a graph that has it, and the file rule in files that have it", () => {
    expect(
      folderLoops([
        ["lib/a", "lib/b"],
        ["lib/b", "lib/c"],
        ["lib/c", "lib/a"],
        ["lib/c", "lib/d"],
      ]),
    ).toEqual([["lib/a", "lib/b", "lib/c"]]);
    expect(
      folderLoops([
        ["lib/a", "lib/b"],
        ["lib/b", "lib/c"],
      ]),
    ).toEqual([]);

    const probe = path.join(ROOT, "lib", `.import-loop-probe-${process.pid}`);
    mkdirSync(probe, { recursive: true });
    try {
      writeFileSync(path.join(probe, "a.ts"), 'import type { B } from "./b";\nexport type A = { b?: B };\n');
      writeFileSync(path.join(probe, "b.ts"), 'import type { A } from "./a";\nexport type B = { a?: A };\n');
      const probed = cruise([path.relative(ROOT, probe)]);
      expect(probed.summary.violations.map((v) => v.rule.name)).toContain("no-circular");
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  });
});
