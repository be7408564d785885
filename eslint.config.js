import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import globals from "globals";

/** A config's rules with every "warn" made an "error": `npm run lint` fails on warnings too. */
function asErrors(rules) {
  return Object.fromEntries(Object.entries(rules).map(([name, level]) => [name, level === "warn" ? "error" : level]));
}

export default tseslint.config(
  {
    ignores: ["node_modules/", ".next/", "dist/", "server/db/generated/", "data/", "next-env.d.ts", "coverage/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "no-console": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...asErrors(reactHooks.configs.flat["recommended-latest"].rules),
      ...asErrors(nextPlugin.configs["core-web-vitals"].rules),
    },
  },
  {
    files: ["scripts/**/*.mjs", "bench/**/*.mjs"],
    rules: { "no-console": "off" },
  },
);
