#!/usr/bin/python3
"""A real SMTP server for tests/smtp.rs: aiosmtpd (Debian package python3-aiosmtpd) on 127.0.0.1.

It listens on a free port, prints "PORT <n>" on stdout once it accepts connections, requires
AUTH (PLAIN or LOGIN) with the given user and password, and writes the raw bytes of each
received message to DIR/<n>.eml (atomically: written to a temporary name, then renamed).
It exits when its stdin closes, so it never outlives the test that started it.

Modes:
  starttls  STARTTLS offered and required before MAIL; AUTH only after STARTTLS (port 587 style)
  implicit  TLS from the first byte (port 465 style)
  plain     no TLS at all: STARTTLS is not offered; AUTH is offered only with --auth-plaintext

--refuse ADDRESS makes RCPT TO for that address fail with 550.
"""

import argparse
import asyncio
import itertools
import os
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["starttls", "implicit", "plain"], required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--auth-plaintext", action="store_true")
    args = ap.parse_args()

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    counter = itertools.count(1)

    class Sink:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in args.refuse:
                return "550 5.1.1 <%s>: recipient refused by the test server" % address
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"

        async def handle_DATA(self, server, session, envelope):
            n = next(counter)
            final = os.path.join(args.dir, "%04d.eml" % n)
            tmp = final + ".tmp"
            with open(tmp, "wb") as f:
                f.write(envelope.original_content)
            os.rename(tmp, final)
            return "250 2.0.0 queued as sink-%d" % n

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == args.user.encode()
            and auth_data.password == args.password.encode()
        )
        # handled=False: aiosmtpd then answers 535 itself (its default, True, answers nothing).
        return AuthResult(success=ok, handled=False)

    def factory():
        return SMTP(
            Sink(),
            hostname="localhost",
            tls_context=context if args.mode == "starttls" else None,
            require_starttls=args.mode == "starttls",
            authenticator=authenticator,
            auth_required=True,
            # Implicit TLS is TLS already, but aiosmtpd only counts STARTTLS as such.
            auth_require_tls=args.mode == "starttls" or (args.mode == "plain" and not args.auth_plaintext),
            timeout=30,
        )

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            factory, host="127.0.0.1", port=0, ssl=context if args.mode == "implicit" else None
        )
        port = server.sockets[0].getsockname()[1]
        print("PORT %d" % port, flush=True)
        async with server:
            await server.serve_forever()

    def exit_when_stdin_closes() -> None:
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    asyncio.run(serve())


if __name__ == "__main__":
    main()
