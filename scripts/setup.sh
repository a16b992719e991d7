#!/usr/bin/env bash
# Installs the tools PawPass needs on a fresh Debian machine of this kind, and skips each one that is
# already there at its pinned version, so a second run takes a second.
#
#   scripts/setup.sh site [--release]  what scripts/build.sh needs: the wasm target, wasm-bindgen,
#                                      and for --release wasm-opt
#   scripts/setup.sh test              the above, plus Chromium and Playwright for end-to-end tests
#   scripts/setup.sh cargo-leptos      optional, for `cargo leptos watch`: 12 to 25 minutes, once
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml (a test checks)
BINARYEN_VERSION=132           # Debian's binaryen 108 breaks hydration: see the README's toolchain notes
CARGO_LEPTOS_VERSION=0.3.11

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS"
export PATH="$(tools_path)"

# cargo install from the registry's own source with one dependency pinned back: the published
# lockfiles of these tools name versions that do not resolve here (see the README's toolchain notes).
install_patched() { # crate version dep dep-version [cargo install flags…]
  local crate=$1 version=$2 dep=$3 dep_version=$4
  shift 4
  local src
  local registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
  src=$(ls -d "$registry"/*/"$crate-$version" 2>/dev/null | head -n1 || true)
  if [ -z "$src" ]; then
    # The locked install fails, but it unpacks the source first; that is all we want from it.
    cargo install "$crate@$version" --locked >/dev/null 2>&1 || true
    src=$(ls -d "$registry"/*/"$crate-$version" 2>/dev/null | head -n1 || true)
  fi
  if [ -z "$src" ]; then
    echo "could not fetch the source of $crate $version from crates.io" >&2
    exit 1
  fi
  local work="$TOOLS/src/$crate-$version"
  rm -rf "$work" && mkdir -p "$TOOLS/src" && cp -r "$src" "$work"
  # A workspace of its own: otherwise cargo takes it for a stray member of PawPass's workspace.
  grep -q '^\[workspace\]' "$work/Cargo.toml" || printf '\n[workspace]\n' >> "$work/Cargo.toml"
  (cd "$work" && cargo update -q -p "$dep" --precise "$dep_version" && cargo install -q --path . --locked "$@")
}

site_tools() { # [--release]
  if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
    step "adding the wasm32 target (under a minute)"
    rustup target add wasm32-unknown-unknown
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    step "installing wasm-bindgen $WASM_BINDGEN_VERSION (once per machine, about 2 minutes)"
    # Only the one binary, without its test runner's TLS stack, and optimised just enough: it
    # runs for a second per build, so a quick compile matters more than its speed.
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      install_patched wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots 1.0.10 \
      --no-default-features --bin wasm-bindgen
  fi
  if [ "${1:-}" = --release ] \
    && ! wasm-opt --version 2>/dev/null | grep -q "$BINARYEN_VERSION"; then
    step "installing wasm-opt (binaryen $BINARYEN_VERSION from npm, seconds)"
    npm i --silent --no-audit --no-fund --prefix "$TOOLS/binaryen" "binaryen@$BINARYEN_VERSION"
  fi
}

test_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    step "installing Chromium from Debian (about a minute)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] \
    || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    step "installing Playwright (npm, seconds)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
}

case "${1:-all}" in
  site) site_tools "${2:-}" ;;
  test) site_tools; test_tools ;;
  all) site_tools --release; test_tools ;;
  cargo-leptos)
    site_tools --release
    if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
      step "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, 12 to 25 minutes)"
      install_patched cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1
    fi
    ;;
  *) echo "usage: scripts/setup.sh [site [--release] | test | all | cargo-leptos]" >&2; exit 2 ;;
esac
