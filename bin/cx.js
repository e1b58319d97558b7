#!/usr/bin/env node
// The `cx` executable: everything is in the bundle built from src/ (npm run build).
import('../dist/cx.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cx.js')) {
    process.stderr.write('cx: cx is not built: run `npm run build` in its directory\n');
    process.exit(70);
  }
  throw error;
});
