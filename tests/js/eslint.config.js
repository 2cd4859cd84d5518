// ESLint (flat config) for the explorer's ES modules and these tests, run from the repository's top
// (`make lint`: eslint --config tests/js/eslint.config.js), so paths here are from there. The vendored libraries
// (service/static/vendor/) are never linted: they are kept byte for byte as released.
import js from "@eslint/js";
import globals from "globals";

import stateOwners from "./state-owners.js";

export default [
  { ignores: ["service/static/vendor/**", "tests/js/node_modules/**"] },
  js.configs.recommended,
  {
    files: ["service/static/explorer/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    plugins: { stackatlas: stateOwners },
    rules: {
      "stackatlas/one-writer": "error",
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-param-reassign": ["error", { props: false }],
      "no-unused-vars": ["error", { args: "all", argsIgnorePattern: "^_", ignoreRestSiblings: true, caughtErrors: "none" }],
      "no-use-before-define": ["error", { functions: false, classes: true, variables: true }],
      "no-console": "error",
      "no-eval": "error",
      "no-new-func": "error",
      "no-implied-eval": "error",
    },
  },
  {
    files: ["tests/js/*.mjs", "tests/js/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
