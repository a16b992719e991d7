#!/usr/bin/env bash
# Installs every tool PawPass needs to build, run and test on a fresh Debian machine of this kind.
# Idempotent: each step is skipped when its tool is already there at the pinned version, so a
# second run takes seconds. Called by `scripts/run.sh` and `scripts/test.sh`.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml
BINARYEN_VERSION=132

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS"
export PATH="$HOME/.cargo/bin:$TOOLS/binaryen/node_modules/.bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# cargo install from the registry's own source with one dependency pinned back, because the
# published lockfiles of these two tools name versions that do not build here (see TOOLCHAIN notes
# in the README).
install_patched() { # crate version dep dep-version binary
  local crate=$1 version=$2 dep=$3 dep_version=$4
  local src
  src=$(ls -d "$HOME"/.cargo/registry/src/*/"$crate-$version" 2>/dev/null | head -n1 || true)
  if [ -z "$src" ]; then
    # The locked install fails, but it unpacks the source first; that is all we want from it.
    cargo install "$crate@$version" --locked >/dev/null 2>&1 || true
    src=$(ls -d "$HOME"/.cargo/registry/src/*/"$crate-$version" 2>/dev/null | head -n1 || true)
  fi
  if [ -z "$src" ]; then
    echo "could not fetch the source of $crate $version from crates.io" >&2
    exit 1
  fi
  local work="$TOOLS/src/$crate-$version"
  rm -rf "$work" && mkdir -p "$TOOLS/src" && cp -r "$src" "$work"
  # A workspace of its own: otherwise cargo takes it for a stray member of PawPass's workspace.
  grep -q '^\[workspace\]' "$work/Cargo.toml" || printf '\n[workspace]\n' >> "$work/Cargo.toml"
  (cd "$work" && cargo update -p "$dep" --precise "$dep_version" && cargo install --path . --locked)
}

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, about 12 minutes)"
  install_patched cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  install_patched wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots 1.0.10
fi

if ! "$TOOLS/binaryen/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "$BINARYEN_VERSION"; then
  log "installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
  npm i --silent --prefix "$TOOLS/binaryen" "binaryen@$BINARYEN_VERSION"
fi
