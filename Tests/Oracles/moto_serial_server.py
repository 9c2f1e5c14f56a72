#!/usr/bin/env python3
"""Runs moto one request at a time, for tests whose outcome depends on DynamoDB's conditional
writes being atomic (two functions racing to claim the same idempotency keys).

Usage: moto_serial_server.py   (a free port on 127.0.0.1)

moto_server (werkzeug's threaded server, and moto_fixture.py's ThreadedMotoServer) handles each
request on its own thread, and moto's DynamoDB backend takes no lock between evaluating a
ConditionExpression and writing the item: two PutItems racing on one key can both see it absent
and both succeed, which DynamoDB never allows. This script serves moto's own WSGI application
(`DomainDispatcherApplication(create_backend_app)`, what moto_server serves) with the standard
library's `wsgiref.simple_server` instead: a plain `socketserver.TCPServer` without a threading
mix-in, whose one thread reads, handles and answers a request before it accepts the next. HTTP/1.0,
so each request has its own connection. Every write is therefore evaluated and applied before the
next request is read, which is the atomicity the test relies on.

Set up exactly as moto_fixture.py (same IAM policy, SES identities, buckets and idempotency table;
SigV4 checking on) and prints the same JSON line. Runs until standard input closes or the parent
process dies.
"""

import json
import os
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from moto.server import DomainDispatcherApplication, create_backend_app

import moto_fixture


class SerialServer(WSGIServer):
    # Connections wait in the listen queue while one request is handled; socketserver's default
    # of 5 refuses the rest of two functions' 20 concurrent claims.
    request_queue_size = 128


class QuietHandler(WSGIRequestHandler):
    # Read as HTTP/1.1 so that `Expect: 100-continue` (botocore's S3 uploads) is answered at once;
    # the handler still serves one request per connection and answers HTTP/1.0.
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass


def main():
    parent = os.getppid()
    application = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", 0, application, server_class=SerialServer, handler_class=QuietHandler)
    # One thread serves every request in turn; this main thread only sets up and waits.
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    print(json.dumps(moto_fixture.set_up(f"http://127.0.0.1:{server.server_port}")), flush=True)

    stdin_closed = threading.Event()

    def wait_for_stdin_to_close():
        sys.stdin.buffer.read()
        stdin_closed.set()

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    while not stdin_closed.wait(0.5):
        if os.getppid() != parent:
            break
    server.shutdown()


if __name__ == "__main__":
    main()
