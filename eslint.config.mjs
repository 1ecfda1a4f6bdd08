// ESLint: TypeScript's recommended rules (syntax only: `npm run typecheck` does the type checking), and the Lit and
// web-component rules for the learner-facing elements. Formatting is Prettier's (`.prettierrc.json`), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'data/',
      'node_modules/',
      'custom-elements.json',
      'bench/results/',
      'tests/fixtures/',
      'courses/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.browser, ...globals.node}},
    rules: {
      // `_name` marks a parameter or binding kept for its position or for documentation
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'},
      ],
    },
  },
  {
    // a file a newcomer can read through; in learner code, functions that fit on a screen
    files: ['src/**/*.ts'],
    rules: {'max-lines': ['error', {max: 500}]},
  },
  {
    files: ['src/components/**', 'src/course/**', 'src/tracking/**', 'src/offline/**', 'src/entries/**'],
    rules: {'max-lines-per-function': ['error', {max: 80}]},
  },
  {
    // tests and benchmarks read statements, CMI objects and JSON answers by path
    files: ['tests/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // chai's property assertions: `expect(x).to.exist`
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['src/components/**/*.ts', 'src/entries/**/*.ts', 'tests/**/*.browser.test.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts'],
    ...wc.configs['flat/best-practice'],
  },
);
