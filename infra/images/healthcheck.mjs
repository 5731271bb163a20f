// The container's health check: exits 0 when the service on the given port answers /health/ready with 200.
//   node healthcheck.mjs 8082
// A script rather than an inline `node -e`: podman's Docker API splits a health check's arguments on spaces.
const port = Number(process.argv[2]);
const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2500) }).catch(() => null);
process.exit(res?.ok ? 0 : 1);
