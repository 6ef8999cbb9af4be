#!/usr/bin/env bash
# Local infrastructure for the CME tracker, without Docker.
#
#   infra/local/infra.sh up       install what is missing, start what is not running, wait until all answer
#   infra/local/infra.sh status   one line per component; exit 0 if all answer, 3 otherwise
#   infra/local/infra.sh down     stop what `up` started (TERM, then KILL after a timeout); data stays
#
# Components (127.0.0.1 only; the fixed local ports of the architecture brief):
#   kafka    Apache Kafka 3.9.1, single KRaft node      9092 (controller 9093)
#   mongo    MONGO_URL if set, else `mongod` if on PATH, else mongo-java-server 1.47.0 (H2 file)   27017
#   redis    Debian's redis-server, AOF on, noeviction   6379
#   maildev  maildev 2.2.1: SMTP 1025, web UI + REST API (GET /email) on 1080
#
# Runtime state (data, logs, pid files): <repo>/.local/<component>/
# Downloads and builds, keyed by version:  ${CME_CACHE_DIR:-$HOME/.cache/cme-tracker}/
set -euo pipefail

readonly KAFKA_VERSION=3.9.1
readonly MONGO_JAVA_SERVER_VERSION=1.47.0
readonly MAILDEV_VERSION=2.2.1
readonly HOST=127.0.0.1
# The architecture's fixed local ports; tests that stop a component on purpose run a throwaway copy on
# other ports with its own state dir (CME_*_PORT, CME_STATE_DIR), leaving the shared one untouched.
readonly KAFKA_PORT=${CME_KAFKA_PORT:-9092}
readonly KAFKA_CONTROLLER_PORT=${CME_KAFKA_CONTROLLER_PORT:-9093}
readonly MONGO_PORT=${CME_MONGO_PORT:-27017}
readonly REDIS_PORT=${CME_REDIS_PORT:-6379}
readonly SMTP_PORT=${CME_SMTP_PORT:-1025}
readonly MAILDEV_WEB_PORT=${CME_MAIL_WEB_PORT:-1080}
readonly KAFKA_START_TIMEOUT=120
readonly START_TIMEOUT=45
readonly MONGO_LARGE_STORE_TIMEOUT=600
readonly KAFKA_STOP_TIMEOUT=30
readonly STOP_TIMEOUT=10

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
readonly SCRIPT_DIR REPO_ROOT
readonly STATE_DIR="${CME_STATE_DIR:-$REPO_ROOT/.local}"
readonly CACHE_DIR="${CME_CACHE_DIR:-$HOME/.cache/cme-tracker}"
readonly KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
readonly MJS_HOME="$CACHE_DIR/mongo-java-server-$MONGO_JAVA_SERVER_VERSION"
readonly MJS_SOURCE="$SCRIPT_DIR/mongo-java-server/MongoServerMain.java"
# mongo-java-server's backend: h2 (a file under the state dir; npm start, npm test) or memory (throwaway
# copies in fault tests, where nothing needs to outlive a stop).
readonly MONGO_BACKEND=${CME_MONGO_BACKEND:-h2}
# mongo-java-server's Java heap: a memory-backend copy holding a benchmark's millions of documents needs more.
readonly MONGO_HEAP=${CME_MONGO_HEAP:-512m}
# Its garbage collector: Serial keeps a small server small; a benchmark's heap of many gigabytes wants G1, whose
# pauses stay short enough for the driver's server monitor (a long full collection reads as a dead server).
readonly MONGO_GC=${CME_MONGO_GC:-SerialGC}
# infra.sh down compacts the H2 file offline once it is larger than this (the server also compacts at
# start-up past 256 MiB): the store is append-only and grows with every update.
readonly MONGO_COMPACT_ON_DOWN_BYTES=${CME_MONGO_COMPACT_ON_DOWN_BYTES:-$((64 * 1024 * 1024))}
readonly MAILDEV_HOME="$CACHE_DIR/maildev-$MAILDEV_VERSION"
readonly MAILDEV_BIN="$MAILDEV_HOME/node_modules/maildev/bin/maildev"
readonly PROBE="$SCRIPT_DIR/lib/probe.cjs"
readonly ALL_COMPONENTS=(kafka mongo redis maildev)
# The components a command acts on: all of them, or those named after the command.
COMPONENTS=("${ALL_COMPONENTS[@]}")

# Per-component results of `up` / `status`.
declare -A STATE=() DETAIL=() ADDR=() NOTE=()
# Files to remove on exit (temporary policy-rc.d).
CLEANUP_FILES=()

# ------------------------------------------------------------------------------------------ output
note() { printf '  %-9s %s\n' "$1" "$2"; }
err() { printf 'infra: %s\n' "$*" >&2; }
die() {
  err "$*"
  exit 1
}
status_line() { # component state address detail
  printf '  %-9s %-8s %-16s %s\n' "$1" "$2" "$3" "${4:+($4)}"
}
show_log_tail() { # file [lines]
  local file=$1 n=${2:-15}
  if [[ -s $file ]]; then
    printf '      last lines of %s:\n' "$file" >&2
    tail -n "$n" -- "$file" | sed 's/^/      | /' >&2
  else
    printf '      (log %s is empty or missing)\n' "$file" >&2
  fi
}

on_exit() {
  local rc=$? f
  for f in "${CLEANUP_FILES[@]}"; do
    rm -f -- "$f" 2>/dev/null || sudo_cmd rm -f -- "$f" 2>/dev/null || true
  done
  exit "$rc"
}
trap on_exit EXIT

# ------------------------------------------------------------------------------------------ helpers
have() { command -v "$1" >/dev/null 2>&1; }

now_ms() { echo $((${EPOCHREALTIME/[.,]/} / 1000)); }
since() { # start_ms -> "4.2 s"
  local d=$(($(now_ms) - $1))
  printf '%d.%d s' $((d / 1000)) $((d % 1000 / 100))
}

sudo_cmd() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    die "need root for: $* (run as root, or install sudo)"
  fi
}

# Runs a long command in the background with its output in LOG, printing a heartbeat every 15 s.
run_step() { # component description log command...
  local comp=$1 desc=$2 log=$3
  shift 3
  local t0=$SECONDS next pid rc=0
  note "$comp" "$desc ..."
  mkdir -p -- "$(dirname -- "$log")"
  "$@" >>"$log" 2>&1 </dev/null &
  pid=$!
  next=$((t0 + 15))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.5
    if ((SECONDS >= next)) && kill -0 "$pid" 2>/dev/null; then
      note "$comp" "... still working ($((SECONDS - t0)) s; log: $log)"
      next=$((SECONDS + 15))
    fi
  done
  wait "$pid" || rc=$?
  if ((rc != 0)); then
    note "$comp" "FAILED after $((SECONDS - t0)) s (exit $rc): $desc" >&2
    show_log_tail "$log" 25
    return "$rc"
  fi
  note "$comp" "... done in $((SECONDS - t0)) s"
}

comp_dir() { printf '%s/%s\n' "$STATE_DIR" "$1"; }
pid_file() { printf '%s/%s/%s.pid\n' "$STATE_DIR" "$1" "$1"; }

# True while the process exists and is not a zombie (a detached process is reaped by init, which
# may take a moment: kill -0 alone would still see it).
alive() { # pid
  kill -0 "$1" 2>/dev/null || return 1
  local stat=""
  [[ -r /proc/$1/stat ]] && stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

proc_args() { # pid -> command line
  if [[ -r /proc/$1/cmdline ]]; then
    tr '\0' ' ' <"/proc/$1/cmdline"
  else
    ps -o args= -p "$1" 2>/dev/null || true
  fi
}

# Prints the pid of a process this script started for NAME (pid file + live process whose command
# line matches PATTERN). A pid file whose process is gone, or was reused by another program, is removed.
our_pid() { # name pattern
  local f pid
  f=$(pid_file "$1")
  [[ -s $f ]] || return 1
  pid=$(tr -dc '0-9' <"$f")
  if [[ -n $pid ]] && alive "$pid" && [[ $(proc_args "$pid") == *"$2"* ]]; then
    printf '%s\n' "$pid"
    return 0
  fi
  rm -f -- "$f"
  return 1
}

port_open() { # port
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

port_owner() { # port -> "pid N: command" when ss can tell
  local pid
  have ss || return 0
  pid=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true)
  local args
  [[ -n $pid ]] || return 0
  args=$(proc_args "$pid")
  args=${args% }
  printf 'pid %s: %s' "$pid" "${args:0:80}"
  return 0
}

# Starts a command detached from this shell: own session (setsid), no terminal, stdin from /dev/null,
# output appended to LOG. The process writes its own pid to the pid file before exec.
start_detached() { # name log command...
  local name=$1 log=$2 pidf
  shift 2
  pidf=$(pid_file "$name")
  rm -f -- "$pidf"
  # shellcheck disable=SC2016 # $$ and $0 are expanded by the inner bash
  # fd 9 is the lock of this script: the long-running child must not keep it.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" >>"$log" 2>&1 </dev/null 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidf ]] && return 0
    sleep 0.1
  done
  die "$name did not start (no pid file $pidf); see $log"
}

probe() { # kind args... -> summary on stdout
  node "$PROBE" "$@" 2>&1
}

java_major() {
  local v
  v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | head -n1)
  v=${v#1.}
  printf '%s\n' "${v%%.*}"
}

mongo_mode() {
  if [[ -n ${MONGO_URL:-} ]]; then
    echo external
  elif have mongod; then
    echo mongod
  else
    echo mongo-java-server
  fi
}

# ========================================================================================= installs

install_kafka() {
  [[ -f $KAFKA_HOME/.complete ]] && return 0
  have java || die "java not found (Kafka $KAFKA_VERSION needs Java 11+; e.g. apt-get install openjdk-17-jre-headless)"
  (($(java_major) >= 11)) || die "Kafka $KAFKA_VERSION needs Java 11+, found $(java -version 2>&1 | head -n1)"
  have mvn || die "mvn not found (needed once to fetch the Kafka jars; apt-get install maven)"
  rm -rf -- "$KAFKA_HOME"
  mkdir -p -- "$KAFKA_HOME"
  run_step kafka "downloading Kafka $KAFKA_VERSION jars from Maven Central (first run only, ~46 MB)" \
    "$KAFKA_HOME/install.log" \
    mvn -B -q -f "$SCRIPT_DIR/kafka/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy-dependencies \
    -DincludeScope=runtime "-DoutputDirectory=$KAFKA_HOME/lib"
  local jar
  for jar in "kafka_2.13-$KAFKA_VERSION.jar" "kafka-clients-$KAFKA_VERSION.jar" slf4j-reload4j-1.7.36.jar reload4j-1.2.25.jar; do
    [[ -f $KAFKA_HOME/lib/$jar ]] || die "Kafka classpath incomplete: $KAFKA_HOME/lib/$jar missing (see $KAFKA_HOME/install.log)"
  done
  printf 'kafka_2.13 %s: %s jars, %s\n' "$KAFKA_VERSION" "$(find "$KAFKA_HOME/lib" -name '*.jar' | wc -l)" "$(date -u +%FT%TZ)" \
    >"$KAFKA_HOME/.complete"
}

# The launcher's compiled classes are keyed by its content, so an edited launcher is compiled again while the
# jars (keyed by version) stay.
mjs_classes() {
  printf '%s/classes-%s\n' "$MJS_HOME" "$(sha256sum -- "$MJS_SOURCE" | cut -c1-12)"
}

compile_mongo_launcher() { # classes-dir
  rm -rf -- "$1.tmp" && mkdir -p -- "$1.tmp"
  javac -nowarn -cp "$MJS_HOME/lib/*" -d "$1.tmp" "$MJS_SOURCE" && mv -f -- "$1.tmp" "$1"
}

install_mongo_java_server() {
  local classes
  classes=$(mjs_classes)
  [[ -f $MJS_HOME/.complete && -d $classes ]] && return 0
  have java || die "java not found (mongo-java-server needs Java 17; e.g. apt-get install openjdk-17-jdk-headless; or set MONGO_URL)"
  (($(java_major) >= 17)) || die "mongo-java-server needs Java 17+, found $(java -version 2>&1 | head -n1)"
  have javac || die "javac not found (the mongo-java-server launcher is compiled once; apt-get install openjdk-17-jdk-headless)"
  if [[ ! -f $MJS_HOME/.complete ]]; then
    have mvn || die "mvn not found (needed once to fetch the mongo-java-server jars; apt-get install maven)"
    rm -rf -- "$MJS_HOME"
    mkdir -p -- "$MJS_HOME"
    run_step mongo "downloading mongo-java-server $MONGO_JAVA_SERVER_VERSION jars from Maven Central (first run only, ~6 MB)" \
      "$MJS_HOME/install.log" \
      mvn -B -q -f "$SCRIPT_DIR/mongo-java-server/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy-dependencies \
      -DincludeScope=runtime "-DoutputDirectory=$MJS_HOME/lib"
    [[ -f $MJS_HOME/lib/mongo-java-server-h2-backend-$MONGO_JAVA_SERVER_VERSION.jar ]] ||
      die "mongo-java-server classpath incomplete (see $MJS_HOME/install.log)"
    printf 'mongo-java-server %s: %s jars, %s\n' "$MONGO_JAVA_SERVER_VERSION" \
      "$(find "$MJS_HOME/lib" -name '*.jar' | wc -l)" "$(date -u +%FT%TZ)" >"$MJS_HOME/.complete"
  fi
  run_step mongo "compiling the mongo-java-server launcher" "$MJS_HOME/install.log" \
    compile_mongo_launcher "$classes"
}

stop_packaged_redis() {
  # The package's own service (if something started it despite policy-rc.d); never ours.
  local pidf pid
  for pidf in /run/redis/redis-server.pid /var/run/redis/redis-server.pid; do
    [[ -s $pidf ]] || continue
    pid=$(tr -dc '0-9' <"$pidf")
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      note redis "stopping the system redis-server the package started (pid $pid)"
      sudo_cmd kill "$pid" || true
    fi
  done
}

install_redis() {
  have redis-server && have redis-cli && return 0
  have apt-get || die "redis-server not found and apt-get is not available: install Redis 7 and put redis-server on PATH"
  local policy=/usr/sbin/policy-rc.d
  # Keep the package's post-install from starting a system redis on 6379: invoke-rc.d asks
  # policy-rc.d first, and 101 means "action forbidden". An existing policy-rc.d is left alone.
  if [[ ! -e $policy ]]; then
    CLEANUP_FILES+=("$policy")
    printf '#!/bin/sh\n# temporary, created by cme-tracker infra/local/infra.sh\nexit 101\n' | sudo_cmd tee "$policy" >/dev/null
    sudo_cmd chmod 755 "$policy"
  fi
  local log="$CACHE_DIR/redis-install.log"
  mkdir -p -- "$CACHE_DIR"
  : >"$log"
  # A broken third-party source must not stop us: the install below says whether it matters.
  run_step redis "apt-get update (redis-server is not installed)" "$log" \
    sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update ||
    note redis "apt-get update failed; trying the install with the package lists there are"
  run_step redis "apt-get install -y redis-server" "$log" \
    sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server
  if [[ ${#CLEANUP_FILES[@]} -gt 0 ]]; then
    sudo_cmd rm -f -- "$policy"
    CLEANUP_FILES=()
  fi
  stop_packaged_redis
  if ! have redis-server || ! have redis-cli; then
    die "redis-server still not on PATH after apt-get install (see $log)"
  fi
}

npm_install_maildev() {
  cd -- "$MAILDEV_HOME" &&
    npm install --prefix "$MAILDEV_HOME" "maildev@$MAILDEV_VERSION" --no-save --no-audit --no-fund --loglevel=warn
}

install_maildev() {
  [[ -f $MAILDEV_HOME/.complete && -f $MAILDEV_BIN ]] && return 0
  have npm || die "npm not found (maildev is installed with npm)"
  rm -rf -- "$MAILDEV_HOME"
  mkdir -p -- "$MAILDEV_HOME"
  # Not in the project's package.json: its own prefix in the cache. maildev needs no install scripts
  # (npm 11 skips dependency install scripts unless allowed, which is fine here).
  run_step maildev "npm install maildev@$MAILDEV_VERSION into $MAILDEV_HOME (first run only)" \
    "$MAILDEV_HOME/install.log" \
    npm_install_maildev
  [[ $(node "$MAILDEV_BIN" --version 2>/dev/null) == "$MAILDEV_VERSION" ]] ||
    die "maildev $MAILDEV_VERSION does not run after install (see $MAILDEV_HOME/install.log)"
  printf 'maildev %s, %s\n' "$MAILDEV_VERSION" "$(date -u +%FT%TZ)" >"$MAILDEV_HOME/.complete"
}

selected() { # component
  [[ " ${COMPONENTS[*]} " == *" $1 "* ]]
}

install_all() {
  have node || die "node not found (Node 18+ is needed for the readiness probes and maildev)"
  mkdir -p -- "$CACHE_DIR"
  if selected mongo && [[ $(mongo_mode) == mongo-java-server ]]; then install_mongo_java_server; fi
  if selected redis; then install_redis; fi
  if selected kafka; then install_kafka; fi
  if selected maildev; then install_maildev; fi
}

# ========================================================================================= start

start_kafka() {
  local dir log_dir props cid
  dir=$(comp_dir kafka)
  log_dir="$dir/logs"
  props="$dir/server.properties"
  mkdir -p -- "$dir/data" "$log_dir"
  sed -e "s|@KAFKA_DATA_DIR@|$dir/data|g" -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
    -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    "$SCRIPT_DIR/kafka/server.properties.in" >"$props"
  local -a jvm=(java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$SCRIPT_DIR/kafka/log4j.properties" "-Dkafka.logs.dir=$log_dir"
    -cp "$KAFKA_HOME/lib/*")
  if [[ ! -f $dir/data/meta.properties ]]; then
    if [[ ! -s $dir/cluster.id ]]; then
      "${jvm[@]}" kafka.tools.StorageTool random-uuid >"$dir/cluster.id.tmp" 2>>"$log_dir/format.log"
      mv -f -- "$dir/cluster.id.tmp" "$dir/cluster.id"
    fi
    cid=$(tr -d '[:space:]' <"$dir/cluster.id")
    note kafka "formatting KRaft storage (first run; cluster id $cid)"
    "${jvm[@]}" kafka.tools.StorageTool format -t "$cid" -c "$props" -g >>"$log_dir/format.log" 2>&1 ||
      {
        show_log_tail "$log_dir/format.log"
        die "kafka storage format failed"
      }
  fi
  # Readiness only counts log lines written after this offset (the log is appended across runs).
  local size=0
  [[ -f $log_dir/server.log ]] && size=$(wc -c <"$log_dir/server.log")
  printf '%s\n' "$size" >"$dir/start.offset"
  start_detached kafka "$log_dir/kafka.out" "${jvm[@]}" kafka.Kafka "$props"
}

# The launcher's command line (start_detached runs it in a new session, where shell functions do not exist).
mongo_java_command() {
  MONGO_JAVA=(java -Xms32m "-Xmx$MONGO_HEAP" "-XX:+Use$MONGO_GC" -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.showDateTime=true
    -cp "$MJS_HOME/lib/*:$(mjs_classes)" MongoServerMain)
}

start_mongo_java_server() {
  local dir
  dir=$(comp_dir mongo-java-server)
  mkdir -p -- "$dir"
  mongo_java_command
  case $MONGO_BACKEND in
    h2) start_detached mongo-java-server "$dir/server.log" "${MONGO_JAVA[@]}" h2 "$MONGO_PORT" "$dir/data.mv" ;;
    memory) start_detached mongo-java-server "$dir/server.log" "${MONGO_JAVA[@]}" memory "$MONGO_PORT" ;;
    *) die "CME_MONGO_BACKEND must be h2 or memory, not '$MONGO_BACKEND'" ;;
  esac
}

# mongo-java-server reads every document of the H2 file and rebuilds its indexes before it answers: a large
# store (a kept benchmark database, years of demo use) can take minutes, so a live server is waited for longer.
mongo_store_load_seconds() {
  local file bytes
  file="$(comp_dir mongo-java-server)/data.mv"
  [[ $MONGO_BACKEND == h2 && -f $file ]] || { echo 0; return; }
  bytes=$(stat -c %s -- "$file")
  ((bytes > 32 * 1024 * 1024)) || { echo 0; return; }
  note mongo "opening a $((bytes / 1024 / 1024)) MiB store (rebuilding its indexes can take a few minutes)" >&2
  echo "$MONGO_LARGE_STORE_TIMEOUT"
}

# Rewrites the stopped server's H2 file without its dead space when it has grown large.
compact_mongo_store() {
  local file
  file="$(comp_dir mongo-java-server)/data.mv"
  [[ -f $file ]] || return 0
  (($(stat -c %s -- "$file") > MONGO_COMPACT_ON_DOWN_BYTES)) || return 0
  install_mongo_java_server # an edited launcher is compiled first
  mongo_java_command
  note mongo "$("${MONGO_JAVA[@]}" compact "$file" 2>&1 | tail -n1)"
}

start_mongod() {
  local dir
  dir=$(comp_dir mongod)
  mkdir -p -- "$dir/data"
  note mongo "starting mongod ($(command -v mongod))"
  mongod --bind_ip "$HOST" --port "$MONGO_PORT" --dbpath "$dir/data" --fork \
    --logpath "$dir/mongod.log" --logappend --pidfilepath "$(pid_file mongod)" >>"$dir/mongod.out" 2>&1 9>&- ||
    {
      show_log_tail "$dir/mongod.log"
      return 1
    }
}

start_redis() {
  local dir
  dir=$(comp_dir redis)
  mkdir -p -- "$dir"
  redis-server --bind "$HOST" --port "$REDIS_PORT" --daemonize yes --appendonly yes \
    --maxmemory-policy noeviction --dir "$dir" --pidfile "$(pid_file redis)" --logfile "$dir/redis.log" \
    >>"$dir/redis.out" 2>&1 </dev/null 9>&-
}

start_maildev() {
  local dir
  dir=$(comp_dir maildev)
  mkdir -p -- "$dir/mail"
  start_detached maildev "$dir/maildev.log" node "$MAILDEV_BIN" --smtp "$SMTP_PORT" --web "$MAILDEV_WEB_PORT" \
    --ip "$HOST" --web-ip "$HOST" --mail-directory "$dir/mail"
}

# ========================================================================================= checks
# check_<component>: sets STATE/DETAIL/ADDR for the component; returns 0 when it answers.
#   STATE: ready | starting (ours, not answering yet) | stopped | foreign (port held by something else)
#          | unreachable (MONGO_URL set but not answering)

kafka_started_in_log() {
  local dir log offset=0 size
  dir=$(comp_dir kafka)
  log="$dir/logs/server.log"
  [[ -f $log ]] || return 1
  [[ -s $dir/start.offset ]] && offset=$(tr -dc '0-9' <"$dir/start.offset")
  size=$(wc -c <"$log")
  ((size >= ${offset:-0})) || offset=0 # the log was rotated since
  # (no `tail | grep -q`: with pipefail, grep's early exit would make tail's SIGPIPE fail the test)
  grep -q 'Kafka Server started' < <(tail -c "+$((${offset:-0} + 1))" -- "$log")
}

check_kafka() {
  local pid="" out
  ADDR[kafka]="$HOST:$KAFKA_PORT"
  pid=$(our_pid kafka 'kafka.Kafka') || pid=""
  if out=$(probe kafka "$HOST" "$KAFKA_PORT"); then
    if [[ -n $pid ]]; then
      # The start-up line can have rotated out of server.log (20 MB files) on a broker up for hours of tests:
      # a broker that answers and has run longer than any start-up may take is started.
      if kafka_started_in_log || (($(ps -o etimes= -p "$pid" 2>/dev/null || echo 0) > KAFKA_START_TIMEOUT)); then
        STATE[kafka]=ready
        DETAIL[kafka]="$KAFKA_VERSION, KRaft; pid $pid"
        return 0
      fi
      STATE[kafka]=starting
      DETAIL[kafka]="pid $pid; port answers, waiting for 'Kafka Server started' in the log"
      return 1
    fi
    STATE[kafka]=ready
    DETAIL[kafka]="not started by infra.sh: $(port_owner "$KAFKA_PORT")"
    return 0
  fi
  if [[ -n $pid ]]; then
    STATE[kafka]=starting
    DETAIL[kafka]="pid $pid; $out"
  elif port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
    STATE[kafka]=foreign
    DETAIL[kafka]="port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is taken by another process: $(port_owner "$KAFKA_PORT")$(port_owner "$KAFKA_CONTROLLER_PORT")"
  else
    STATE[kafka]=stopped
    DETAIL[kafka]=""
  fi
  return 1
}

check_mongo() {
  local mode pid="" out name
  mode=$(mongo_mode)
  ADDR[mongo]="$HOST:$MONGO_PORT"
  if [[ $mode == external ]]; then
    ADDR[mongo]="MONGO_URL"
    if [[ $MONGO_URL != mongodb://* ]]; then
      STATE[mongo]=ready
      DETAIL[mongo]="external, not checked: $MONGO_URL"
      return 0
    fi
    if out=$(probe mongo-url "$MONGO_URL"); then
      STATE[mongo]=ready
      DETAIL[mongo]="external: $out"
      return 0
    fi
    STATE[mongo]=unreachable
    DETAIL[mongo]="external MONGO_URL does not answer: $out"
    return 1
  fi
  name=$mode
  if [[ $mode == mongo-java-server ]]; then
    pid=$(our_pid mongo-java-server 'MongoServerMain') || pid=""
  else
    pid=$(our_pid mongod 'mongod') || pid=""
  fi
  # A server of ours in the other mode (MONGO_URL unset, mongod added to PATH...) still counts.
  if [[ -z $pid ]]; then
    if pid=$(our_pid mongo-java-server 'MongoServerMain'); then
      name=mongo-java-server
    elif pid=$(our_pid mongod 'mongod'); then
      name=mongod
    else
      pid=""
    fi
  fi
  if out=$(probe mongo "$HOST" "$MONGO_PORT"); then
    STATE[mongo]=ready
    if [[ -n $pid ]]; then
      [[ $name == mongo-java-server ]] && out="mongo-java-server $MONGO_JAVA_SERVER_VERSION ($MONGO_BACKEND backend), $out"
      DETAIL[mongo]="$out; pid $pid"
    else
      DETAIL[mongo]="$out; not started by infra.sh: $(port_owner "$MONGO_PORT")"
    fi
    return 0
  fi
  if [[ -n $pid ]]; then
    STATE[mongo]=starting
    DETAIL[mongo]="$name pid $pid; $out"
  elif port_open "$MONGO_PORT"; then
    STATE[mongo]=foreign
    DETAIL[mongo]="port $MONGO_PORT is taken by a process that does not speak the MongoDB wire protocol: $(port_owner "$MONGO_PORT")"
  else
    STATE[mongo]=stopped
    DETAIL[mongo]=""
  fi
  return 1
}

check_redis() {
  local pid="" out ver
  ADDR[redis]="$HOST:$REDIS_PORT"
  pid=$(our_pid redis 'redis-server') || pid=""
  out=$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>&1) || true
  if [[ $out == PONG ]]; then
    ver=$(redis-cli -h "$HOST" -p "$REDIS_PORT" info server 2>/dev/null | sed -n 's/^redis_version:\([^[:space:]]*\).*/\1/p')
    STATE[redis]=ready
    if [[ -n $pid ]]; then
      DETAIL[redis]="${ver:-?}, AOF, noeviction; pid $pid"
    else
      DETAIL[redis]="${ver:-?}; not started by infra.sh: $(port_owner "$REDIS_PORT")"
    fi
    return 0
  fi
  if [[ -n $pid ]]; then
    STATE[redis]=starting
    DETAIL[redis]="pid $pid; ${out:-no answer}"
  elif port_open "$REDIS_PORT"; then
    STATE[redis]=foreign
    DETAIL[redis]="port $REDIS_PORT answers '${out}' : $(port_owner "$REDIS_PORT")"
  else
    STATE[redis]=stopped
    DETAIL[redis]=""
  fi
  return 1
}

check_maildev() {
  local pid="" out
  ADDR[maildev]="$HOST:$SMTP_PORT"
  pid=$(our_pid maildev 'maildev') || pid=""
  if out=$(probe http "http://$HOST:$MAILDEV_WEB_PORT/email") && port_open "$SMTP_PORT"; then
    STATE[maildev]=ready
    if [[ -n $pid ]]; then
      DETAIL[maildev]="$MAILDEV_VERSION; web UI + API http://$HOST:$MAILDEV_WEB_PORT; pid $pid"
    else
      DETAIL[maildev]="web http://$HOST:$MAILDEV_WEB_PORT; not started by infra.sh: $(port_owner "$MAILDEV_WEB_PORT")"
    fi
    return 0
  fi
  if [[ -n $pid ]]; then
    STATE[maildev]=starting
    DETAIL[maildev]="pid $pid; $out"
  elif port_open "$SMTP_PORT" || port_open "$MAILDEV_WEB_PORT"; then
    STATE[maildev]=foreign
    DETAIL[maildev]="port $SMTP_PORT or $MAILDEV_WEB_PORT is taken by another process: $(port_owner "$SMTP_PORT")$(port_owner "$MAILDEV_WEB_PORT")"
  else
    STATE[maildev]=stopped
    DETAIL[maildev]=""
  fi
  return 1
}

component_log() {
  case $1 in
    kafka) echo "$(comp_dir kafka)/logs/server.log" ;;
    mongo) if [[ $(mongo_mode) == mongod ]]; then echo "$(comp_dir mongod)/mongod.log"; else echo "$(comp_dir mongo-java-server)/server.log"; fi ;;
    redis) echo "$(comp_dir redis)/redis.log" ;;
    maildev) echo "$(comp_dir maildev)/maildev.log" ;;
  esac
}

# ========================================================================================= commands

cmd_up() {
  local t0=$SECONDS t0_ms c
  t0_ms=$(now_ms)
  mkdir -p -- "$STATE_DIR"
  exec 9>"$STATE_DIR/.infra.lock"
  flock -w 900 9 || die "another infra.sh holds $STATE_DIR/.infra.lock"

  install_all
  note identity "$(node "$SCRIPT_DIR/identity/local-issuer.cjs" init)"

  # Start what is not running (all at once), then wait for each to answer.
  local -A started=() deadline=()
  for c in "${COMPONENTS[@]}"; do
    if "check_$c"; then
      NOTE[$c]="already running"
      continue
    fi
    case ${STATE[$c]} in
      foreign | unreachable)
        continue
        ;;
      starting)
        NOTE[$c]="was already starting"
        ;;
      stopped)
        case $c in
          kafka) start_kafka ;;
          mongo)
            case $(mongo_mode) in
              mongo-java-server) start_mongo_java_server ;;
              mongod) start_mongod || { STATE[mongo]=failed; DETAIL[mongo]="mongod --fork failed"; } ;;
            esac
            ;;
          redis) start_redis || { STATE[redis]=failed; DETAIL[redis]="redis-server failed to start"; } ;;
          maildev) start_maildev ;;
        esac
        started[$c]=$SECONDS
        ;;
    esac
    if [[ $c == kafka ]]; then
      deadline[$c]=$((SECONDS + KAFKA_START_TIMEOUT))
    elif [[ $c == mongo && -n ${started[$c]:-} && $(mongo_mode) == mongo-java-server ]]; then
      deadline[$c]=$((SECONDS + START_TIMEOUT + $(mongo_store_load_seconds)))
    else
      deadline[$c]=$((SECONDS + START_TIMEOUT))
    fi
  done

  local pending=1
  while ((pending)); do
    pending=0
    for c in "${!deadline[@]}"; do
      [[ ${STATE[$c]} == ready || ${STATE[$c]} == failed ]] && continue
      if "check_$c"; then
        continue
      fi
      if [[ ${STATE[$c]} == stopped && -n ${started[$c]:-} ]] && ((SECONDS - started[$c] > 5)); then
        STATE[$c]=failed
        DETAIL[$c]="exited during start-up"
      elif ((SECONDS >= ${deadline[$c]})); then
        DETAIL[$c]="no answer after $((SECONDS - t0)) s: ${DETAIL[$c]}"
        STATE[$c]=failed
      else
        pending=1
      fi
    done
    ((pending)) && sleep 0.3
  done

  local ok=0 shown
  for c in "${COMPONENTS[@]}"; do
    shown=${DETAIL[$c]}
    [[ -n ${NOTE[$c]:-} ]] && shown="${NOTE[$c]}; $shown"
    case ${STATE[$c]} in
      ready)
        ok=$((ok + 1))
        status_line "$c" ready "${ADDR[$c]}" "$shown"
        ;;
      *) status_line "$c" FAILED "${ADDR[$c]}" "${STATE[$c]}: $shown" ;;
    esac
  done
  if ((ok == ${#COMPONENTS[@]})); then
    printf 'infra: all %d components ready in %s (state: %s, cache: %s)\n' "$ok" "$(since "$t0_ms")" "$STATE_DIR" "$CACHE_DIR"
    return 0
  fi
  for c in "${COMPONENTS[@]}"; do
    case ${STATE[$c]} in
      ready | foreign | unreachable) ;;
      *) show_log_tail "$(component_log "$c")" ;;
    esac
  done
  err "$((${#COMPONENTS[@]} - ok)) of ${#COMPONENTS[@]} components not ready (see above); 'infra.sh down' stops what was started"
  return 1
}

cmd_status() {
  local c ok=0 word
  for c in "${COMPONENTS[@]}"; do
    if "check_$c"; then
      ok=$((ok + 1))
      word=running
      [[ $c == mongo && $(mongo_mode) == external ]] && word=external
    else
      word=${STATE[$c]}
    fi
    status_line "$c" "$word" "${ADDR[$c]}" "${DETAIL[$c]}"
  done
  ((ok == ${#COMPONENTS[@]})) && return 0
  return 3
}

# Sends TERM to each process we started, waits for all, then KILLs the ones still there.
cmd_down() {
  mkdir -p -- "$STATE_DIR"
  exec 9>"$STATE_DIR/.infra.lock"
  flock -w 300 9 || die "another infra.sh holds $STATE_DIR/.infra.lock"
  local -a names=()
  selected maildev && names+=(maildev)
  selected redis && names+=(redis)
  selected mongo && names+=(mongo-java-server mongod)
  selected kafka && names+=(kafka)
  # Each process's component, as `up` and `status` name it.
  local -A label=([kafka]=kafka [mongo-java-server]=mongo [mongod]=mongo [redis]=redis [maildev]=maildev)
  local -A pattern=([kafka]='kafka.Kafka' [mongo-java-server]='MongoServerMain' [mongod]='mongod' [redis]='redis-server' [maildev]='maildev')
  local -A pids=() stop_by=()
  local n pid t0=$SECONDS t0_ms
  t0_ms=$(now_ms)
  for n in "${names[@]}"; do
    if pid=$(our_pid "$n" "${pattern[$n]}"); then
      pids[$n]=$pid
      kill -TERM "$pid" 2>/dev/null || true
      if [[ $n == kafka ]]; then
        stop_by[$n]=$((SECONDS + KAFKA_STOP_TIMEOUT))
      else
        stop_by[$n]=$((SECONDS + STOP_TIMEOUT))
      fi
    fi
  done
  local waiting=1
  while ((waiting)); do
    waiting=0
    for n in "${!pids[@]}"; do
      pid=${pids[$n]}
      [[ $pid == done* ]] && continue
      if ! alive "$pid"; then
        note "${label[$n]}" "stopped (pid $pid, $(since "$t0_ms"))"
        pids[$n]="done $pid"
      elif ((SECONDS >= ${stop_by[$n]})); then
        kill -KILL "$pid" 2>/dev/null || true
        note "${label[$n]}" "killed (pid $pid did not stop within $((SECONDS - t0)) s)"
        pids[$n]="done $pid"
      else
        waiting=1
      fi
    done
    ((waiting)) && sleep 0.2
  done
  for n in "${names[@]}"; do
    if [[ -z ${pids[$n]:-} && $n != mongo-java-server && $n != mongod ]]; then
      note "$n" "not running"
    fi
    rm -f -- "$(pid_file "$n")"
  done
  if ! selected mongo; then
    :
  elif [[ $(mongo_mode) == external ]]; then
    note mongo "external (MONGO_URL), left alone"
  elif [[ -z ${pids[mongo-java-server]:-} && -z ${pids[mongod]:-} ]]; then
    note mongo "not running"
  fi
  # Offline only: the file must not be open in a server.
  if selected mongo && [[ $(mongo_mode) == mongo-java-server ]] && ! port_open "$MONGO_PORT"; then
    compact_mongo_store
  fi
  printf 'infra: down; data kept in %s\n' "$STATE_DIR"
}

usage() {
  cat <<EOF
usage: $(basename -- "$0") up|down|status [kafka|mongo|redis|maildev ...]

  Without component names a command acts on all four.
  up      install what is missing (first run: apt, Maven Central, Go proxy, npm), start what is
          not running, wait until Kafka $HOST:$KAFKA_PORT, MongoDB-wire $HOST:$MONGO_PORT,
          Redis $HOST:$REDIS_PORT and maildev (SMTP $HOST:$SMTP_PORT, web $HOST:$MAILDEV_WEB_PORT) answer
  status  one line per component; exit 0 if all answer, 3 otherwise
  down    stop what 'up' started; data stays in $STATE_DIR

  MONGO_URL=...   use that MongoDB instead of starting one
  CME_CACHE_DIR   cache for downloads/builds (default \$HOME/.cache/cme-tracker)
  CME_STATE_DIR   data, logs and pid files (default <repo>/.local)
  CME_KAFKA_PORT, CME_KAFKA_CONTROLLER_PORT, CME_MONGO_PORT, CME_REDIS_PORT, CME_SMTP_PORT,
  CME_MAIL_WEB_PORT   other ports than the defaults (a second, throwaway instance for fault tests)
EOF
}

main() {
  local command=${1:-} c
  shift || true
  if (($# > 0)); then
    for c in "$@"; do
      [[ " ${ALL_COMPONENTS[*]} " == *" $c "* ]] || {
        usage >&2
        exit 2
      }
    done
    COMPONENTS=("$@")
  fi
  case $command in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
