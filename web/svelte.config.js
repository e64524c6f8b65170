import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The portal is a single-page app: static files plus one fallback page that routes itself.
 * WEB_BUILD_DIR and SVELTEKIT_OUT_DIR move the output and the work folder (the browser tests build a
 * private copy so that a concurrent `npm run build:web` cannot swap the files under a running test).
 */
const out = process.env.WEB_BUILD_DIR ?? 'build';
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: out, assets: out, fallback: 'index.html', strict: false }),
    ...(process.env.SVELTEKIT_OUT_DIR ? { outDir: process.env.SVELTEKIT_OUT_DIR } : {}),
  },
};

export default config;
