/**
 * The import rules of PookAi, checked by tests/architecture/import-graph.test.ts (and `npx depcruise app lib components
 * inngest instrumentation.ts proxy.ts`). Imports flow one way: door (app, server actions, inngest) → service (lib/<domain>)
 * → db / providers. Type-only imports count: a loop in types is still a loop.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Files that import each other, directly or through others: break the loop by moving what both need one level down.",
      from: {},
      to: { circular: true },
    },
    {
      name: "services-do-not-import-doors",
      severity: "error",
      comment: "lib/ is below the doors: pages, components, route handlers and Inngest functions call lib, never the reverse.",
      from: { path: "^lib/" },
      to: { path: "^(app|components|inngest)/" },
    },
    {
      name: "services-do-not-import-the-http-layer",
      severity: "error",
      comment: "lib/api is the route handlers' wrapper (envelope, withUser, withWebhook); services throw lib/errors.ts and return data.",
      from: { path: "^lib/", pathNot: "^lib/api/" },
      to: { path: "^lib/api/" },
    },
    {
      name: "doors-do-not-touch-the-database",
      severity: "error",
      comment: "Route files, pages and components go through a lib/<domain> service; only services query lib/db.",
      from: { path: "^(app|components|inngest)/" },
      to: { path: "^lib/db/" },
    },
    {
      name: "db-and-providers-stay-at-the-bottom",
      severity: "error",
      comment: "The database layer and the provider clients may use shared leaves (schemas, errors, env, logger, …), never a service.",
      from: { path: "^lib/(db|providers)/" },
      to: { path: "^lib/", pathNot: "^lib/(db|providers|schemas|mail|net|time)/|^lib/(errors|env|logger|crypto|secrets)\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next[^/]*|\\.data)/|\\.test\\.tsx?$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
