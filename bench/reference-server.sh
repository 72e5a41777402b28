#!/usr/bin/env bash
# The reference Git server on loopback: nginx + fcgiwrap + git http-backend, HTTPS with a
# self-signed certificate, Basic auth, protocol v2 passed through, receive-pack enabled.
#
#   bench/reference-server.sh start DIR PORT   # prints URL, user, password file, CA path
#   bench/reference-server.sh stop DIR
#
# Everything lives in DIR (config, certificate, htpasswd, sockets, pid files, logs); the
# repositories are DIR/repos/NAME.git (create them with `git init --bare -b main`). No system
# configuration is read or changed beyond /etc/nginx/fastcgi_params; nginx and fcgiwrap
# are installed from Debian packages if missing.
set -euo pipefail
cmd=${1:?usage: reference-server.sh start DIR PORT | stop DIR}
dir=${2:?usage: reference-server.sh start DIR PORT | stop DIR}
user=bench

stop() {
  local d=$1 pid
  if [ -f "$d/nginx.pid" ]; then
    pid=$(cat "$d/nginx.pid")
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$d/nginx.pid"
  fi
  if [ -f "$d/fcgiwrap.pid" ]; then
    pid=$(cat "$d/fcgiwrap.pid")
    # Its own process group (setsid at start): the parent and its preforked children.
    kill -- "-$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$d/fcgiwrap.pid" "$d/fcgiwrap.sock"
  fi
}

install_packages() {
  command -v nginx >/dev/null && command -v fcgiwrap >/dev/null && return
  [ "$(id -u)" = 0 ] || { echo "nginx and fcgiwrap are missing: apt-get install nginx fcgiwrap (as root)" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx fcgiwrap >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx fcgiwrap >/dev/null; }
}

make_secrets() {
  local d=$1
  if [ ! -f "$d/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Gitstead bench CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
      -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
      -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 30 -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
  fi
  if [ ! -f "$d/htpasswd" ]; then
    openssl rand -hex 16 >"$d/password"
    chmod 600 "$d/password"
    printf '%s:%s\n' "$user" "$(openssl passwd -apr1 "$(cat "$d/password")")" >"$d/htpasswd"
  fi
}

write_config() {
  local d=$1 port=$2 runas=""
  [ "$(id -u)" = 0 ] && runas="user root root;"
  cat >"$d/nginx.conf" <<CONF
$runas
worker_processes auto;
pid $d/nginx.pid;
error_log $d/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/tmp/body;
  fastcgi_temp_path $d/tmp/fastcgi;
  proxy_temp_path $d/tmp/proxy;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_certificate $d/server.crt;
    ssl_certificate_key $d/server.key;
    client_max_body_size 0;
    location / {
      auth_basic "git";
      auth_basic_user_file $d/htpasswd;
      include /etc/nginx/fastcgi_params;
      fastcgi_pass unix:$d/fcgiwrap.sock;
      fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
      fastcgi_param GIT_PROJECT_ROOT $d/repos;
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param PATH_INFO \$uri;
      fastcgi_param REMOTE_USER \$remote_user;
      fastcgi_param GIT_PROTOCOL \$http_git_protocol;
      fastcgi_buffering off;
      fastcgi_read_timeout 600s;
      fastcgi_send_timeout 600s;
    }
  }
}
CONF
}

start() {
  local d=$1 port=$2
  install_packages
  mkdir -p "$d/repos" "$d/logs" "$d/tmp"
  d=$(cd "$d" && pwd)
  stop "$d"
  make_secrets "$d"
  write_config "$d" "$port"
  # Enough children for parallel clones: each request holds one while git runs.
  setsid fcgiwrap -c 32 -s "unix:$d/fcgiwrap.sock" </dev/null >>"$d/logs/fcgiwrap.log" 2>&1 &
  echo $! >"$d/fcgiwrap.pid"
  for _ in $(seq 50); do [ -S "$d/fcgiwrap.sock" ] && break; sleep 0.1; done
  nginx -c "$d/nginx.conf" -p "$d" -e "$d/logs/error.log"
  for _ in $(seq 50); do [ -s "$d/nginx.pid" ] && break; sleep 0.1; done
  echo "url:      https://127.0.0.1:$port/NAME.git (repositories: $d/repos/NAME.git)"
  echo "user:     $user"
  echo "password: $d/password"
  echo "ca:       $d/ca.crt"
}

case $cmd in
  start) start "$dir" "${3:?usage: reference-server.sh start DIR PORT}" ;;
  stop) [ -d "$dir" ] && stop "$(cd "$dir" && pwd)" ;;
  *) echo "usage: reference-server.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
