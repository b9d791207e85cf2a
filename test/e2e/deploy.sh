# The example deployment (examples/deploy): what it promises is checked against
# the real programs, not read off the file.

. "$ROOT/test/e2e/web_lib.sh"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# tls ARGS...: "ok PROTOCOL CIPHER" if a handshake with these openssl s_client
# options succeeds against the nginx in front, else "refused". The client is
# let offer anything (SECLEVEL=0), so that a refusal is the server's.
tls() {
  if openssl s_client -connect "127.0.0.1:$TLS_PORT" -servername audit.example.gov.uk "$@" \
      </dev/null >hs.txt 2>&1; then
    echo "ok $(sed -n 's/^New, \([^,]*\), Cipher is \(.*\)$/\1 \2/p' hs.txt | head -n 1)"
  else
    echo refused
  fi
}

# examples/deploy/nginx.conf, with only its certificate paths, ports and
# auditrack's address changed: nginx -t accepts it; in front of auditrack it
# speaks TLS 1.2 and 1.3 only, with forward-secret AEAD suites in its own order
# of preference, staples OCSP answers, and sends HSTS once on every answer.
# Before, the suites were nginx's default (CBC ones among them) and there was
# no stapling.
test_deploy_nginx_conf_holds() {
  command -v nginx >/dev/null || { echo "nginx is needed (make deps)" >&2; return 1; }
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=audit.example.gov.uk" -keyout key.pem -out cert.pem 2>/dev/null
  web_start --trust-proxy
  app=${BASE#http://}
  TLS_PORT=$(free_port); HTTP_PORT=$(free_port)
  mkdir -p tmp
  sed -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$TLS_PORT ssl http2;|" \
      -e "s|/etc/ssl/certs/audit.example.gov.uk.pem|$PWD/cert.pem|" \
      -e "s|/etc/ssl/private/audit.example.gov.uk.key|$PWD/key.pem|" \
      -e "s|/etc/ssl/certs/audit.example.gov.uk.chain.pem|$PWD/cert.pem|" \
      -e "s|proxy_pass http://127.0.0.1:8080;|proxy_pass http://$app;|" \
      "$ROOT/examples/deploy/nginx.conf" >site.conf
  # Every substitution found its line: the test checks the file as shipped.
  expect_eq "$(grep -c "127.0.0.1:$HTTP_PORT;\|127.0.0.1:$TLS_PORT ssl\|$PWD/cert.pem;\|$PWD/key.pem;\|http://$app;" site.conf)" 6
  cat >nginx.conf <<EOF
pid $PWD/nginx.pid;
error_log $PWD/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $PWD/tmp;
  proxy_temp_path $PWD/tmp;
  fastcgi_temp_path $PWD/tmp;
  uwsgi_temp_path $PWD/tmp;
  scgi_temp_path $PWD/tmp;
  include $PWD/site.conf;
}
EOF
  nginx -t -p "$PWD" -c "$PWD/nginx.conf" -e "$PWD/error.log" >t.txt 2>&1 || { cat t.txt >&2; return 1; }
  expect_contains t.txt "test is successful"
  nginx -p "$PWD" -c "$PWD/nginx.conf" -e "$PWD/error.log" -g 'daemon off;' 2>nginx.err &
  NGINX_PID=$!
  trap 'kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; web_stop' EXIT
  i=0
  until curl -s -k -o /dev/null "https://127.0.0.1:$TLS_PORT/login"; do
    i=$((i + 1)); [ $i -lt 100 ] || { cat nginx.err error.log >&2; return 1; }
    sleep 0.05
  done
  # Protocols: 1.2 and 1.3; 1.0 and 1.1 refused by the server.
  expect_eq "$(tls -tls1_3)" "ok TLSv1.3 TLS_AES_256_GCM_SHA384"
  expect_eq "$(tls -tls1_2)" "ok TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384"
  expect_eq "$(tls -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0')" refused
  expect_eq "$(tls -tls1 -cipher 'DEFAULT:@SECLEVEL=0')" refused
  # Suites: CBC ones (in nginx's default list) refused; of two the server
  # accepts, its own first choice wins over the client's.
  expect_eq "$(tls -tls1_2 -cipher 'ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0')" refused
  expect_eq "$(tls -tls1_2 -cipher 'ECDHE-ECDSA-AES256-SHA384:@SECLEVEL=0')" refused
  expect_eq "$(tls -tls1_2 -cipher 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384')" \
    "ok TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384"
  # OCSP stapling is on: with a self-signed certificate nginx has no issuer to
  # ask, and says so.
  grep -q 'ssl_stapling" ignored' t.txt error.log
  # HSTS once (auditrack's hidden, nginx's sent), and auditrack behind it sees TLS.
  curl -s -k -D h.txt -o /dev/null "https://127.0.0.1:$TLS_PORT/login"
  expect_eq "$(grep -ci '^strict-transport-security: max-age=31536000' h.txt)" 1
  expect_contains h.txt "SameSite=Strict; Secure"
  curl -s -k -D h404.txt -o /dev/null "https://127.0.0.1:$TLS_PORT/no/such/page"
  expect_eq "$(grep -ci '^strict-transport-security:' h404.txt)" 1
  # Plain HTTP only redirects.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT/login")" \
    "301 https://127.0.0.1/login"
}

# The example systemd units load (systemd-analyze verify: directives, the
# binary's path (the install comment names it too), the timer's unit), and the web service's sandbox keeps its
# exposure score where it is (5.8 of 10 today; the notify run's 7.4): a line
# dropped from the hardening raises the score past the threshold.
test_deploy_systemd_units_verify() {
  command -v systemd-analyze >/dev/null || { echo "systemd-analyze is needed" >&2; return 1; }
  for u in auditrack.service auditrack-notify.service auditrack-notify.timer; do
    sed "s|/usr/local/bin/auditrack|$AUDITRACK|" "$ROOT/examples/deploy/$u" >"$u"
  done
  expect_eq "$(grep -c "$AUDITRACK" auditrack.service auditrack-notify.service | tr '\n' ' ')" \
    "auditrack.service:2 auditrack-notify.service:1 "
  systemd-analyze verify ./auditrack.service ./auditrack-notify.service ./auditrack-notify.timer \
    >v.txt 2>&1 || { cat v.txt >&2; return 1; }
  systemd-analyze security --offline=true --threshold=58 ./auditrack.service >s.txt 2>&1 ||
    { tail -n 3 s.txt >&2; return 1; }
  systemd-analyze security --offline=true --threshold=74 ./auditrack-notify.service >n.txt 2>&1 ||
    { tail -n 3 n.txt >&2; return 1; }
  grep -v '^ *$' auditrack.service | grep -v '^#' | grep -v NoNewPrivileges >weak.service
  expect_status 1 systemd-analyze security --offline=true --threshold=58 ./weak.service
}
