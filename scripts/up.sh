#!/usr/bin/env bash
# ./onestop up: server, one agent and the console on this machine, logs under data/logs/.
# Runs in the foreground; Ctrl-C (or any one part dying) stops them all.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
DATA="${ONESTOP_DATA:-$ROOT/data}"
LOGS="$DATA/logs"
mkdir -p "$LOGS"
GRPC_PORT="${ONESTOP_GRPC_PORT:-50051}"
AGENT_PORT="${ONESTOP_AGENT_PORT:-8181}"
CONSOLE_PORT="${ONESTOP_CONSOLE_PORT:-8282}"
STARTUP_TIMEOUT_SECONDS=60

pids=()
stop_all() {
  trap - EXIT INT TERM
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

start() { # name module main-class java-args... [-- program-args...]
  local name="$1" module="$2" main="$3"
  shift 3
  local jvm=() prog=()
  while (($#)); do
    if [[ "$1" == "--" ]]; then shift; prog=("$@"); break; fi
    jvm+=("$1"); shift
  done
  "$JAVA" ${jvm[@]+"${jvm[@]}"} -cp "$ROOT/$module/target/classes:$(cat "$ROOT/$module/target/runtime-classpath.txt")" "$main" \
    ${prog[@]+"${prog[@]}"} >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name port
  local name="$1" port="$2" waited=0
  until port_open "$port"; do
    if ((waited >= STARTUP_TIMEOUT_SECONDS * 10)); then
      echo "onestop up: $name did not open port $port within ${STARTUP_TIMEOUT_SECONDS}s; last lines of $LOGS/$name.log:" >&2
      tail -n 20 "$LOGS/$name.log" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

start server server onestop.server.ServerMain -- --tls --demo --data "$DATA" --port "$GRPC_PORT" --policies "$ROOT/examples/policies"
wait_for server "$GRPC_PORT"
# The console trusts the certificate the server made for itself (data/tls/server.crt) and logs its users in through the
# server: the demo users admin, auditor and civil exist when the server runs with --demo.
ONESTOP_CONSOLE_SERVER="localhost:$GRPC_PORT" ONESTOP_CONSOLE_CA_CERT="$DATA/tls/server.crt" MICRONAUT_SERVER_PORT="$CONSOLE_PORT" \
  "$ROOT/onestop" console >"$LOGS/console.log" 2>&1 &
pids+=($!)
ADMIN_TOKEN=$("$JAVA" -cp "$ROOT/server/target/classes:$(cat "$ROOT/server/target/runtime-classpath.txt")" onestop.server.ServerMain \
  token --office admin --role ADMIN --days 30 --data "$DATA" 2>/dev/null | tail -n 1)
HOSPITAL_TOKEN=$("$JAVA" -cp "$ROOT/server/target/classes:$(cat "$ROOT/server/target/runtime-classpath.txt")" onestop.server.ServerMain \
  token --hospital H341002001 --days 30 --data "$DATA" 2>/dev/null | tail -n 1)
printf 'admin %s\nH341002001 %s\n' "$ADMIN_TOKEN" "$HOSPITAL_TOKEN" >"$DATA/demo-tokens.txt"
chmod 600 "$DATA/demo-tokens.txt"
# The demo counter: the demo hospital's token and an API key for the HIS, each in a file only its owner reads.
AGENT_DIR="$DATA/agent"
mkdir -p "$AGENT_DIR"
umask 077
printf '%s\n' "$HOSPITAL_TOKEN" >"$AGENT_DIR/token"
[[ -s "$AGENT_DIR/api-key" ]] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$AGENT_DIR/api-key"
umask 022
# The demo counter has no card reader attached: the simulated one, cards put in through the API. It starts as
# ./onestop agent starts it (its JVM options and class-data archive).
ONESTOP_AGENT_SERVER="localhost:$GRPC_PORT" ONESTOP_AGENT_CA_CERT="$DATA/tls/server.crt" \
  ONESTOP_AGENT_TOKEN_FILE="$AGENT_DIR/token" ONESTOP_AGENT_API_KEY_FILE="$AGENT_DIR/api-key" ONESTOP_AGENT_DATA="$AGENT_DIR" \
  ONESTOP_AGENT_CARD_READER_KIND="${ONESTOP_AGENT_CARD_READER_KIND:-simulated}" MICRONAUT_SERVER_PORT="$AGENT_PORT" \
  "$ROOT/onestop" agent >"$LOGS/agent.log" 2>&1 &
pids+=($!)
wait_for agent "$AGENT_PORT"
wait_for console "$CONSOLE_PORT"

cat <<INFO
OneStop is up (data in $DATA).
  server    grpcs://localhost:$GRPC_PORT  (TLS; trust $DATA/tls/server.crt)
            health: grpcurl -cacert $DATA/tls/server.crt localhost:$GRPC_PORT grpc.health.v1.Health/Check
            demo data: 5 hospitals, 5 persons, the example policies; bearer tokens in $DATA/demo-tokens.txt
  agent     http://127.0.0.1:$AGENT_PORT/   cashier page; health: http://127.0.0.1:$AGENT_PORT/health
            HIS API: curl -H "X-Api-Key: \$(cat $AGENT_DIR/api-key)" http://127.0.0.1:$AGENT_PORT/api/v1/status
  console   http://127.0.0.1:$CONSOLE_PORT/   the city office's web console; health: http://127.0.0.1:$CONSOLE_PORT/health
            demo logins (name / password):  admin / admin-demo-2024      (管理员 ADMIN: every page)
                                            auditor / auditor-demo-2024  (审计员 AUDITOR: reads)
                                            civil / civil-demo-2024      (民政 CIVIL_AFFAIRS: rosters, alerts)
  logs      $LOGS/
Ctrl-C stops everything.
INFO
# Stop everything as soon as one part exits.
wait -n "${pids[@]}"
echo "onestop up: a part stopped; stopping the rest (see $LOGS/)." >&2
