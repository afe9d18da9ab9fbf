#!/usr/bin/env bash
# Runs inside the e2e run's own mount and network namespace (see run.sh): only a loopback
# interface, the portals' names mapped to 127.0.0.1 and the test CA trusted — for this run's
# processes only; the machine's own /etc/hosts and CA store are untouched.
set -euo pipefail
ip link set lo up
# A second address on loopback (TEST-NET-1, never routed): GLib's resolver asks getaddrinfo with
# AI_ADDRCONFIG, which answers nothing while 127.0.0.1 is the only IPv4 address, so WebKit could
# not resolve even the hosts file's names.
ip addr add 192.0.2.1/32 dev lo
mount --bind "$AA_SIM_TLS_DIR/hosts" /etc/hosts
# WebKitGTK (GnuTLS through glib-networking) and the app's reqwest (OpenSSL) both read this file.
mount --bind "$AA_SIM_TLS_DIR/bundle.pem" /etc/ssl/certs/ca-certificates.crt
exec dbus-run-session -- bash "$(dirname "$0")/session.sh"
