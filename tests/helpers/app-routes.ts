import type { NextRequest } from "next/server";

export type RouteModule = Record<string, unknown>;
export type RouteParams = Record<string, string | string[]>;
export type RouteHandler = (req: NextRequest, ctx: { params: Promise<RouteParams> }) => Promise<Response>;
type Route = { pattern: string[]; load: () => Promise<RouteModule> };

// Every route.ts under app/api, matched the way the App Router does: static beats [param] beats [...catchAll].
const files = import.meta.glob<RouteModule>("/app/api/**/route.ts");
const routes: Route[] = Object.entries(files)
  .map(([file, load]) => ({
    pattern: file
      .replace(/^\/app/, "")
      .replace(/\/route\.ts$/, "")
      .split("/")
      .filter(Boolean),
    load,
  }))
  .sort((a, b) => score(b.pattern) - score(a.pattern));

function score(pattern: string[]): number {
  // Longer and more static patterns first.
  return pattern.reduce((s, seg) => s * 4 + (seg.startsWith("[...") ? 1 : seg.startsWith("[") ? 2 : 3), 0) * 100 + pattern.length;
}

function match(pattern: string[], segments: string[]): RouteParams | null {
  const params: RouteParams = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i]!;
    if (seg.startsWith("[...")) {
      const rest = segments.slice(i);
      if (!rest.length) return null;
      params[seg.slice(4, -1)] = rest;
      return params;
    }
    if (i >= segments.length) return null;
    if (seg.startsWith("[")) params[seg.slice(1, -1)] = decodeURIComponent(segments[i]!);
    else if (seg !== segments[i]) return null;
  }
  return pattern.length === segments.length ? params : null;
}

/** The route file serving `pathname` and its params, or null when no route.ts matches. */
export async function resolveRoute(pathname: string): Promise<{ module: RouteModule; params: RouteParams } | null> {
  const segments = pathname.split("/").filter(Boolean);
  for (const route of routes) {
    const params = match(route.pattern, segments);
    if (params) return { module: await route.load(), params };
  }
  return null;
}

/** The handler a route module exports for `method`, if any. */
export function routeHandler(module: RouteModule, method: string): RouteHandler | undefined {
  const handler = module[method.toUpperCase()];
  return typeof handler === "function" ? (handler as RouteHandler) : undefined;
}
