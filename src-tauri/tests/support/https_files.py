#!/usr/bin/env python3
"""A small HTTPS file server for the content-pack and app-update tests (127.0.0.1 only).

    https_files.py --dir DIR --cert CERT --key KEY [--delay SECONDS]

Serves the files under DIR over TLS with the given certificate (made by the test from a
test-only CA). Prints the port it listens on, then serves until killed. With --delay every
answer waits that long first (a slow mirror). Logs each request path to stderr.
"""
import argparse
import http.server
import functools
import ssl
import sys
import time


class Handler(http.server.SimpleHTTPRequestHandler):
    delay = 0.0

    def do_GET(self):
        if self.delay:
            time.sleep(self.delay)
        super().do_GET()

    def log_message(self, fmt, *args):
        sys.stderr.write("https_files: " + (fmt % args) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--delay", type=float, default=0.0)
    a = p.parse_args()
    Handler.delay = a.delay
    handler = functools.partial(Handler, directory=a.dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
