// ESLint flat config: typescript-eslint's strict and type-checked rules, Next.js's core-web-vitals rules (React, hooks,
// import, jsx-a11y recommended) and jsx-a11y's strict set. `npm run lint` allows no warnings; every rule turned down here
// says why.
import js from "@eslint/js";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import jsxA11y from "eslint-plugin-jsx-a11y";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores(["node_modules/", ".next*/", ".data/", ".test-reports/", "test-results/", "playwright-report/", "drizzle/", "next-env.d.ts", "public/"]),
  js.configs.recommended,
  ...nextCoreWebVitals,
  tseslint.configs.strictTypeChecked,
  {
    files: ["**/*.tsx"],
    rules: {
      ...jsxA11y.flatConfigs.strict.rules,
      // Our labels wrap their control and a title + description pair: the text sits three elements deep.
      "jsx-a11y/label-has-associated-control": ["error", { depth: 3 }],
    },
  },
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Numbers in messages and logs ("3 senders", "retry in 20 s") are what template strings are for; objects,
      // nullish values and any are still refused.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // `onClick={() => setOpen(false)}`: an arrow that returns its one void call is the React idiom, not a mistake.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // noUncheckedIndexedAccess types every `xs[i]` and regex group as possibly undefined; where the code has just checked
      // the bound (a loop index, a group that matched, a row RETURNING gave back), `!` states that fact in one character.
      "@typescript-eslint/no-non-null-assertion": "off",
      // Row types of raw SQL are declarations, not guarantees: drivers hand bigint and numeric back as strings (postgres.js
      // and PGlite differently), so Number() around a count stays even where the declared type already says number.
      "@typescript-eslint/no-unnecessary-type-conversion": "off",
      // A provider method is async in one implementation (network) and immediate in another (demo, console); keeping
      // `async` on both makes a throw a rejection for every caller alike.
      "@typescript-eslint/require-await": "off",
      // Unused names are errors, except the `_`-prefixed ones a signature needs to keep its shape.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests read JSON answers (typed `any` by Response.json()) and index rows they have just asserted exist.
    files: ["tests/**", "**/*.test.ts", "bench/**", "tests/**/*.mjs"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // Test helpers hand back JSON bodies as `any`, append streamed chunks and reset process.env keys by name.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/restrict-plus-operands": "off",
      "@typescript-eslint/no-dynamic-delete": "off",
      // Fake servers answer from async listeners of Node's request events and report their own failures.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      // Tests check what the types promise (a field the API must not drop, a row that must exist).
      "@typescript-eslint/no-unnecessary-condition": "off",
      // Playwright fixtures take `use` as a callback, not React's hook.
      "react-hooks/rules-of-hooks": "off",
    },
  },
  { files: ["**/*.{js,mjs,cjs}"], extends: [tseslint.configs.disableTypeChecked] },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } } },
]);
