import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into the Api's wwwroot, which the host serves at "/". `npm run dev` proxies the API to a local host.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../AuditOrchestrator.Api/wwwroot',
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5080', '/auth': 'http://127.0.0.1:5080' } },
});
