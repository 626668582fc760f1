import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The console builds to console/dist: static files the local stack or CloudFront serve. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One small bundle: the console is a few screens.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
