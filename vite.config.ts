// Vite build and dev server of the web client: built into dist/client, which the Express server serves.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));
const backend = "http://localhost:3000";

export default defineConfig({
  root: "client",
  plugins: [react()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // No source maps: they would hand the client's source to anyone (the server refuses *.map too).
    sourcemap: false,
    // One bundle on purpose: once the exam page is open, nothing more has to load, even offline.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    strictPort: true,
    // The client imports the shared contract from ../protocol, outside the Vite root.
    fs: { allow: [repoRoot] },
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/socket.io": { target: backend, ws: true, changeOrigin: false },
    },
  },
});
