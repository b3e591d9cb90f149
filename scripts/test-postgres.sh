#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the server tests: `eval "$(scripts/test-postgres.sh start)"`
# sets CODINGDESK_TEST_PG (what the tests read) and CODINGDESK_PG_DIR (the cluster's own new
# folder, so that clusters of several runs never meet); `scripts/test-postgres.sh stop` stops the
# one CODINGDESK_PG_DIR names and removes its folder. PostgreSQL refuses to run as root, so as root the cluster
# belongs to the `postgres` user (created by Debian's package). Password logins (scram) over TCP
# on localhost only, on a free port. `crash` stops it as a power cut would (`pg_ctl stop -m
# immediate`) and `restart` starts it again on the same port: the network-fault tests use them
# on a cluster of their own.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bin" ]]; then bin=$(dirname "$(command -v initdb)"); fi
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case ${1:-} in
  start)
    dir=$(mktemp -d /tmp/codingdesk-test-pg.XXXXXX)
    chmod 755 "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; fi
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s\n' "$password" > "$dir/.pw"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir/.pw"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U codingdesk_admin --pwfile="$dir/.pw" \
      --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # TLS with a CA of its own, so that the tests can ask for verify-full against 127.0.0.1.
    ssl=""
    if command -v openssl >/dev/null 2>&1; then
      (
        cd "$dir"
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
          -subj "/CN=codingdesk test CA" -addext "basicConstraints=critical,CA:TRUE" \
          -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr \
          -subj "/CN=127.0.0.1" 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
          -out server.crt -days 2 -extfile server.ext 2>/dev/null
        chmod 600 server.key
        if [[ $(id -u) -eq 0 ]]; then chown postgres server.key server.crt; fi
      )
      ssl="-c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
    fi
    # A free port: try random ones until the server starts (it refuses a port in use).
    started=""
    for _ in $(seq 1 20); do
      port=$((20000 + RANDOM % 40000))
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $ssl" start >/dev/null 2>&1; then
        started=yes
        break
      fi
    done
    if [[ -z "$started" ]]; then
      echo "test-postgres.sh: the server did not start; see $dir/server.log" >&2
      exit 1
    fi
    printf '%s\n' "-p $port -k $dir -c listen_addresses=127.0.0.1 $ssl" > "$dir/pg_options"
    echo "export CODINGDESK_TEST_PG='postgres://codingdesk_admin:$password@127.0.0.1:$port/postgres'"
    echo "export CODINGDESK_TEST_PG_BIN='$bin'"
    echo "export CODINGDESK_PG_DIR='$dir'"
    if [[ -n "$ssl" ]]; then echo "export CODINGDESK_TEST_PG_CA='$dir/ca.pem'"; fi
    ;;
  crash)
    dir=${CODINGDESK_PG_DIR:?crash: CODINGDESK_PG_DIR is not set (it is set by start)}
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
    ;;
  restart)
    dir=${CODINGDESK_PG_DIR:?restart: CODINGDESK_PG_DIR is not set (it is set by start)}
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$(cat "$dir/pg_options")" start >/dev/null
    ;;
  stop)
    dir=${CODINGDESK_PG_DIR:?stop: CODINGDESK_PG_DIR is not set (it is set by start)}
    if [[ -d "$dir/data" ]]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|crash|restart|stop" >&2; exit 2 ;;
esac
