# Shared by the scripts: progress lines and the tools' PATH. Sourced, not run.

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# PATH with cargo's installed tools (wasm-bindgen) and the project's wasm-opt (.tools) first.
tools_path() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  printf '%s' "${CARGO_HOME:-$HOME/.cargo}/bin:$root/.tools/binaryen/node_modules/.bin:$PATH"
}

# Waits for background commands, printing a line a minute so a long build is never silent:
#   watch_builds "server" PID LOG "islands" PID LOG …
# Each LOG is the command's output; lines matching WATCH_COUNT (cargo's "Compiling" lines unless
# set) are counted as progress, named WATCH_WHAT. Returns non-zero if any of them failed, after
# printing that command's output unless WATCH_QUIET_FAIL=1 (the caller prints it).
watch_builds() {
  local -a names=() pids=() logs=()
  while [ $# -gt 0 ]; do names+=("$1"); pids+=("$2"); logs+=("$3"); shift 3; done
  local start=$SECONDS next=$((SECONDS + 60)) running status=0 i line
  while :; do
    running=0
    for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null && running=1; done
    [ "$running" = 0 ] && break
    if [ "$SECONDS" -ge "$next" ]; then
      line="  … $(( (SECONDS - start) / 60 )) min:"
      for i in "${!pids[@]}"; do
        if kill -0 "${pids[$i]}" 2>/dev/null; then
          line+=" ${names[$i]} $(grep -c "${WATCH_COUNT:-^ *Compiling}" "${logs[$i]}" || true)"
          line+=" ${WATCH_WHAT:-crates compiled};"
        else
          line+=" ${names[$i]} done;"
        fi
      done
      echo "${line%;}"
      next=$((next + 60))
    fi
    sleep 2
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      [ "${WATCH_QUIET_FAIL:-0}" = 1 ] || grep -v '^ *\(Compiling\|Checking\|Fresh\|Downloaded\|Downloading\)' "${logs[$i]}" >&2 || true
      echo "${names[$i]} failed (its output is above)" >&2
      status=1
    fi
  done
  return $status
}
