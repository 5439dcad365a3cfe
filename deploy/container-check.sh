#!/usr/bin/env bash
# Builds the askbot image and checks it from outside, as a user runs it (Docker or Podman):
#   - the default image (bundled Chroma) runs as a non-root user with a read-only root
#     filesystem, answers /health and a signed PING, and stops on SIGTERM (timed) with exit 0;
#   - the LOCAL_CHROMA=false image started without CHROMA_URL stops with one line naming it;
#   - neither image holds sources, tests or build tools; their sizes are printed.
#
#   deploy/container-check.sh                 # docker, or podman when there is no docker
#   ENGINE=podman deploy/container-check.sh   # podman (rootless or as root)
#   PLATFORM=linux/arm64 deploy/container-check.sh   # another architecture (buildx / qemu)
#   NODE_IMAGE=localhost/node:24-trixie-slim deploy/container-check.sh   # a local base image
#
# Needs curl on the host; nothing else (keys and signatures are made with the image's own node).
# Exits non-zero with the failed check named.
set -euo pipefail
cd "$(dirname "$0")/.."

engine="${ENGINE:-$(command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && echo docker || echo podman)}"
tag="${TAG:-askbot-check}"
port="${PORT:-18787}"
platform=(${PLATFORM:+--platform "$PLATFORM"})
base=(${NODE_IMAGE:+--build-arg "NODE_IMAGE=$NODE_IMAGE"})
name="$tag-run"
volume="$tag-data"
fail() { echo "FAILED: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
cleanup() {
  "$engine" rm -f "$name" >/dev/null 2>&1 || true
  "$engine" volume rm -f "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== building with $engine ($("$engine" --version))"
# Podman needs the Docker format for HEALTHCHECK.
format=()
[ "$engine" = podman ] && format=(--format docker)
"$engine" build "${platform[@]}" "${format[@]}" "${base[@]}" -t "$tag:latest" .
"$engine" build "${platform[@]}" "${format[@]}" "${base[@]}" --build-arg LOCAL_CHROMA=false -t "$tag:external-chroma" .
for image in "$tag:latest" "$tag:external-chroma"; do
  size="$("$engine" image inspect --format '{{.Size}}' "$image")"
  echo "$image: $((size / 1024 / 1024)) MiB"
  "$engine" run --rm "${platform[@]}" --entrypoint sh "$image" -c \
    'for f in src test bench scripts tsconfig.json build.mjs .env; do [ ! -e "/app/$f" ] || { echo "/app/$f is in the image"; exit 1; }; done; ! command -v g++ >/dev/null' \
    || fail "$image holds sources, tests or build tools"
done
ok "no sources, tests or build tools in either image"

uid="$("$engine" run --rm "${platform[@]}" --entrypoint id "$tag:latest" -u)"
[ "$uid" != "0" ] || fail "the image runs as root"
ok "runs as uid $uid"

# An application key made by the image's node: the public key for the service, a signed PING.
read -r public timestamp signature body < <("$engine" run --rm "${platform[@]}" --entrypoint node "$tag:latest" -e '
  const c = require("node:crypto");
  const { publicKey, privateKey } = c.generateKeyPairSync("ed25519");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url").toString("hex");
  const body = JSON.stringify({ type: 1, id: "1", application_id: "100000000000000001", token: "t", version: 1 });
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = c.sign(null, Buffer.from(ts + body), privateKey).toString("hex");
  console.log(pub, ts, sig, body);
')

"$engine" run -d --name "$name" "${platform[@]}" --init --read-only --tmpfs /tmp -v "$volume:/data" \
  -e DISCORD_PUBLIC_KEY="$public" -e DISCORD_APPLICATION_ID=100000000000000001 \
  -e OLLAMA_HOST=http://127.0.0.1:9 --stop-timeout 35 -p "127.0.0.1:$port:8787" "$tag:latest" >/dev/null
started=$(date +%s%N)
until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do
  [ "$(( ($(date +%s%N) - started) / 1000000000 ))" -lt 120 ] || { "$engine" logs "$name" | tail -20; fail "no /health within 120 s"; }
  [ "$("$engine" inspect --format '{{.State.Running}}' "$name")" = true ] || { "$engine" logs "$name" | tail -20; fail "the container exited"; }
  sleep 0.2
done
ok "/health answered $(( ($(date +%s%N) - started) / 1000000 )) ms after docker run returned: $(curl -s "http://127.0.0.1:$port/health")"

pong="$(curl -s -X POST "http://127.0.0.1:$port/interactions" -H 'content-type: application/json' \
  -H "x-signature-ed25519: $signature" -H "x-signature-timestamp: $timestamp" --data-binary "$body")"
[ "$pong" = '{"type":1}' ] || fail "signed PING answered $pong"
forged="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/interactions" \
  -H "x-signature-ed25519: ${signature/a/b}" -H "x-signature-timestamp: $timestamp" --data-binary "$body")"
[ "$forged" = 401 ] || fail "a forged signature got $forged"
ok "signed PING answered $pong, a forged one 401"

"$engine" exec "$name" sh -c 'touch /app/x 2>/dev/null' && fail "the root filesystem is writable"
"$engine" exec "$name" sh -c 'touch /data/x && rm /data/x' || fail "/data is not writable"
ok "read-only root, writable /data"

stopping=$(date +%s%N)
"$engine" stop -t 35 "$name" >/dev/null
stopped_ms=$(( ($(date +%s%N) - stopping) / 1000000 ))
code="$("$engine" inspect --format '{{.State.ExitCode}}' "$name")"
[ "$code" = 0 ] || { "$engine" logs "$name" | tail -20; fail "exit code $code after SIGTERM"; }
[ "$stopped_ms" -lt 30000 ] || fail "the stop took $stopped_ms ms"
ok "SIGTERM → exit 0 in $stopped_ms ms"
"$engine" rm "$name" >/dev/null

# The container's own output, read from its log: the engine may write lines of its own to the run
# command's stderr (podman without systemd warns about the healthcheck timer on every run).
"$engine" run -d --name "$name" "${platform[@]}" --read-only --tmpfs /tmp -e DISCORD_PUBLIC_KEY="$public" \
  -e DISCORD_APPLICATION_ID=100000000000000001 "$tag:external-chroma" >/dev/null
code="$("$engine" wait "$name" | tail -n 1)"
out="$("$engine" logs "$name" 2>&1)"
"$engine" rm "$name" >/dev/null
[ "$code" != 0 ] || fail "the LOCAL_CHROMA=false image started without CHROMA_URL"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [[ "$out" == *CHROMA_URL* ]] || fail "expected one line naming CHROMA_URL, got: $out"
ok "LOCAL_CHROMA=false without CHROMA_URL: $out"
echo "all checks passed"
