#!/usr/bin/env bash
# Builds the server and the site (wasm islands, stylesheet, assets) without cargo-leptos, from the
# settings in Cargo.toml's [package.metadata.leptos]: the one place they live, read by cargo-leptos
# too, so `cargo leptos build` and this script build the same thing.
#
#   scripts/build.sh            development build: quick to compile, shares its artefacts with
#                               `cargo test` (same flags), serves the same pages
#   scripts/build.sh --release  production build: fat LTO, size-optimised wasm, wasm-opt
#
# The server builds in target/, the wasm in target/front/ (as cargo-leptos does), side by side,
# so neither core waits for the other's long single-crate steps.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

RELEASE=0
case "${1:-}" in
  --release) RELEASE=1 ;;
  "") ;;
  *) echo "usage: scripts/build.sh [--release]" >&2; exit 2 ;;
esac

# Every setting this script needs, as shell assignments, from Cargo.toml.
eval "$(python3 - <<'PY'
import shlex, tomllib
with open("Cargo.toml", "rb") as f:
    m = tomllib.load(f)["package"]["metadata"]["leptos"]
def say(name, value):
    print(f"{name}={shlex.quote(str(value))}")
say("OUTPUT_NAME", m["output-name"])
say("SITE_ROOT", m["site-root"])
say("PKG_DIR", m["site-pkg-dir"])
say("STYLE_FILE", m["style-file"])
say("ASSETS_DIR", m["assets-dir"])
say("BIN_FEATURES", ",".join(m["bin-features"]))
say("LIB_FEATURES", ",".join(m["lib-features"]))
say("LIB_PROFILE_RELEASE", m["lib-profile-release"])
say("LIB_PROFILE_DEV", m.get("lib-profile-dev", "dev"))
PY
)"

if [ "$RELEASE" = 1 ]; then
  BIN_PROFILE=release; LIB_PROFILE=$LIB_PROFILE_RELEASE
  # Release builds use no extra flags, as cargo-leptos does.
  unset RUSTFLAGS
  SERVER_SECS=1200
else
  BIN_PROFILE=dev; LIB_PROFILE=$LIB_PROFILE_DEV
  # cargo-leptos's flag for debug builds: it shortens compile times, and `cargo test` uses it too,
  # so the tests reuse everything this build compiled.
  export RUSTFLAGS="--cfg erase_components"
  SERVER_SECS=300
fi
profile_dir() { case "$1" in dev) echo debug ;; *) echo "$1" ;; esac; }

bash scripts/setup.sh site $([ "$RELEASE" = 1 ] && echo --release)
export PATH="$(tools_path)"

LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT
step "building the server ($BIN_PROFILE profile) and the browser islands ($LIB_PROFILE profile, wasm)"
echo "  from cold about $((SERVER_SECS / 60)) minutes on 2 cores; seconds when nothing changed"
cargo build --bin pawpass --profile "$BIN_PROFILE" --no-default-features --features "$BIN_FEATURES" \
  >"$LOGS/server" 2>&1 &
SERVER_PID=$!
CARGO_TARGET_DIR="$ROOT/target/front" cargo build --lib --target wasm32-unknown-unknown \
  --profile "$LIB_PROFILE" --no-default-features --features "$LIB_FEATURES" >"$LOGS/islands" 2>&1 &
ISLANDS_PID=$!
watch_builds server "$SERVER_PID" "$LOGS/server" islands "$ISLANDS_PID" "$LOGS/islands"
WASM="target/front/wasm32-unknown-unknown/$(profile_dir "$LIB_PROFILE")/$OUTPUT_NAME.wasm"

PKG="$SITE_ROOT/$PKG_DIR"
mkdir -p "$PKG"
# wasm-bindgen writes <output-name>.js and <output-name>_bg.wasm: the names leptos's
# HydrationScripts asks for when the server was not built by cargo-leptos.
wasm-bindgen --target web --no-typescript --out-dir "$PKG" --out-name "$OUTPUT_NAME" "$WASM"
if [ "$RELEASE" = 1 ]; then
  step "optimising the wasm (wasm-opt -Oz)"
  # The features Rust's wasm32 target enables by default; wasm-opt must not strip their use.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$PKG/${OUTPUT_NAME}_bg.wasm" "$PKG/${OUTPUT_NAME}_bg.wasm"
fi
cp "$STYLE_FILE" "$PKG/$OUTPUT_NAME.css"
cp -r "$ASSETS_DIR"/. "$SITE_ROOT"/

printf 'built: target/%s/pawpass and %s/ (wasm %s KB)\n' "$(profile_dir "$BIN_PROFILE")" "$SITE_ROOT" \
  "$(( $(stat -c %s "$PKG/${OUTPUT_NAME}_bg.wasm") / 1024 ))"
