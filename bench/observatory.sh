#!/usr/bin/env bash
# MDN HTTP Observatory against the site as production serves it, on this machine:
#
#   bash bench/observatory.sh            # DATABASE_URL's database (migrated first)
#   OBS_KEEP=1 bash bench/observatory.sh # leave Caddy + gunicorn running afterwards
#
# gunicorn (DEBUG off, the Redis cache, production security settings) on 127.0.0.1:8766,
# behind Caddy with deploy/Caddyfile itself (SITE_HOST=localhost: Caddy's internal CA
# issues the certificate, on ports 443 and 80, so the http → https redirect is tested
# too), then the Observatory CLI (npm @mdn/mdn-http-observatory, installed into
# .data/observatory with --ignore-scripts: its install script downloads a CA bundle and
# the HSTS preload list from outside) scans "localhost", trusting Caddy's root via NODE_EXTRA_CA_CERTS. Prints the
# grade, the score and every test; the JSON goes to bench/results/observatory-<date>.json.
# Needs root (ports 80/443), caddy, node >= 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
OBS_VERSION=${OBS_VERSION:-1.4.8}
OBS_DIR=${OBS_DIR:-$ROOT/.data/observatory}
WORK=$(mktemp -d /tmp/shlawyers-observatory.XXXXXX)
PIDS=()

cleanup() {
  if [ -z "${OBS_KEEP:-}" ]; then
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

if [ ! -f "$OBS_DIR/node_modules/@mdn/mdn-http-observatory/src/scan.js" ]; then
  mkdir -p "$OBS_DIR"
  (cd "$OBS_DIR" && npm install --silent --no-audit --no-fund --ignore-scripts \
    "@mdn/mdn-http-observatory@$OBS_VERSION")
fi
# Its install script would also download Chromium's HSTS preload list; without it an empty
# list (localhost is not on it anyway: the preload test only reports, it does not score).
CONF=$OBS_DIR/node_modules/@mdn/mdn-http-observatory/conf
[ -f "$CONF/hsts-preload.json" ] || echo '{}' >"$CONF/hsts-preload.json"

export DEBUG=false
export SECRET_KEY=${SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')}
export ALLOWED_HOSTS=localhost
export CSRF_TRUSTED_ORIGINS=https://localhost
export SITE_URL=https://localhost
export ALLAUTH_TRUSTED_PROXY_COUNT=1
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0
"$PY" -m gunicorn shlawyers.wsgi:application --bind 127.0.0.1:8766 --workers 2 \
  --log-level warning >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)

export XDG_DATA_HOME=$WORK/caddy-data XDG_CONFIG_HOME=$WORK/caddy-config
SITE_HOST=localhost UPSTREAM=127.0.0.1:8766 CADDY_STATIC_ROOT=$ROOT/staticfiles \
  CADDY_MEDIA_ROOT=$ROOT/.data/media \
  caddy run --config deploy/Caddyfile --adapter caddyfile >"$WORK/caddy.log" 2>&1 &
PIDS+=($!)

CA=$XDG_DATA_HOME/caddy/pki/authorities/local/root.crt
for _ in $(seq 1 90); do
  if [ -f "$CA" ] && curl -fsS --cacert "$CA" -o /dev/null https://localhost/healthz 2>/dev/null; then
    break
  fi
  sleep 1
done
curl -sS --cacert "$CA" -o /dev/null -w "https://localhost/ → %{http_code}\n" https://localhost/

mkdir -p bench/results
OUT=bench/results/observatory-$(date -u +%Y-%m-%dT%H%M%SZ).json
NODE_EXTRA_CA_CERTS=$CA node "$OBS_DIR/node_modules/@mdn/mdn-http-observatory/src/scan.js" \
  localhost >"$OUT"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (r.error) { console.log("error:", r.error); process.exit(1); }
console.log(`grade ${r.scan.grade}, score ${r.scan.score}, ` +
  `tests passed ${r.scan.testsPassed}/${r.scan.testsQuantity}`);
for (const [name, t] of Object.entries(r.tests))
  console.log(`  ${t.pass ? "pass" : "FAIL"} ${String(t.scoreModifier).padStart(4)} ${name}: ${t.result}`);
' "$OUT"
echo "wrote $OUT"
