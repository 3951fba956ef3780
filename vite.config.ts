import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.STARMARK_API_URL ?? 'http://localhost:3000';

/**
 * Proxy /api to the server, except the app's own modules under src/web/api/ (e.g. /api/client.ts),
 * which the dev server must serve itself: no API route ends in .ts or .tsx.
 */
const apiProxy: ProxyOptions = {
  target: apiTarget,
  changeOrigin: false,
  bypass: (req) => (/^\/api\/[^?]*\.tsx?(\?|$)/.test(req.url ?? '') ? req.url : undefined),
};

/**
 * The web app lives in src/web and is built into dist/web, which the server serves in production.
 * In development `npm run dev:web` serves it with hot reload and proxies /api to the server
 * (STARMARK_API_URL, default http://localhost:3000).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    // A regular expression, so that only /api/… is proxied and not e.g. a page named /api-something.
    proxy: { '^/api/': apiProxy },
  },
  preview: {
    proxy: { '^/api/': apiProxy },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // antd alone is several hundred KB before compression; it is split out and cached separately.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs|stylis|throttle-debounce|compute-scroll-into-view|scroll-into-view-if-needed|json2mq|string-convert|clsx|is-mobile)[\\/]/,
              priority: 20,
            },
            {
              name: 'vendor',
              test: /node_modules[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
