#!/usr/bin/env bash
# The CTest fixture of tests/tryton: `server.sh start DIR` prepares (or finds) the template
# database, starts one trytond on a free port with DIR as its database folder and writes DIR/port
# and DIR/template.db; `server.sh stop DIR` stops it. Without trytond both do nothing, and the
# tests skip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tryton="$here/../../scripts/tryton.sh"
cmd="$1" dir="$2"
if ! command -v trytond >/dev/null; then
  echo "tryton tests: trytond is not installed (scripts/install-deps.sh erp); skipping"
  exit 0
fi
case "$cmd" in
  start)
    "$tryton" down --dir "$dir" || true
    rm -rf "$dir"
    mkdir -p "$dir"
    template=$("$tryton" prepare --seed 7 --marketplace UK --skus 40)
    cp "$template" "$dir/template.db"
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$tryton" up --dir "$dir" --port "$port" --seed 7 --marketplace UK --skus 40
    echo "$port" >"$dir/port"
    ;;
  stop) "$tryton" down --dir "$dir" ;;
  *) echo "usage: server.sh start|stop DIR" >&2; exit 2 ;;
esac
