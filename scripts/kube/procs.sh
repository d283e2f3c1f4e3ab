# shellcheck shell=bash disable=SC2154 # sourced: state, components and log come from the caller
# How the test ground runs its host processes (sourced by up.sh and s3.sh): each component is
# started detached under <state>/<name>.pid and <name>.log, waited for with a deadline, and on
# failure named with the end of its log. The caller sets state (the state folder), components
# (the names fail reports on) and log.

# A pid file counts only if that pid is alive and still runs the expected program, so a
# recycled pid after a reboot is never mistaken for ours.
running() {
  local pid
  pid="$(cat "$state/$1.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -- "$2" >/dev/null
}

# Whether the process this run started for <name> is still alive. Its command line is not
# checked here: until the forked shell has exec'd the program (a moment that a loaded machine
# stretches), /proc shows the shell's command line, and a fresh start looked like a crash.
alive() {
  local pid
  pid="$(cat "$state/$1.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# On failure, show which component broke and the end of its log: that is the first thing
# anyone debugging a red CI run needs. FAILING names the component being waited on.
failing=""
fail() {
  local c
  log "ERROR: $*"
  for c in "${components[@]}"; do
    if [ "$c" = "$failing" ] || { [ -f "$state/$c.pid" ] && ! alive "$c"; }; then
      local status="not running"
      alive "$c" && status="still running"
      log "component $c ($status): last lines of $state/$c.log, cut to 300 characters:"
      # Cut lines keep the reason inside the part of a CI log that gets shown.
      tail -n 30 "$state/$c.log" 2>/dev/null | cut -c1-300 >&2 || true
    fi
  done
  exit 1
}

# Starts a program detached (own session, so Ctrl-C or the caller's exit does not kill it),
# logging to <name>.log and recording its pid in <name>.pid for down.sh.
start() {
  local name="$1"; shift
  setsid "$@" >"$state/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

wait_until() { # <seconds> <component> <description> <command...>
  local deadline=$((SECONDS + $1)) what="$3"; failing="$2"; shift 3
  until "$@" >/dev/null 2>&1; do
    # A crashed component will never become ready: say so now instead of at the timeout.
    alive "$failing" || fail "$failing exited while waiting for $what"
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after waiting for $what"
    sleep 0.5
  done
}

# port_free <port> [address]: nothing listens there (default address 127.0.0.1).
port_free() { ! (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null; }
