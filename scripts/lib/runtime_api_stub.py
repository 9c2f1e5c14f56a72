"""A one-invocation Lambda Runtime API on 127.0.0.1, for tests that run a packaged function.

Serves EVENT once on GET /2018-06-01/runtime/invocation/next, waits for the function's
.../response, .../error or /runtime/init/error, writes what arrived to RESULT as JSON
({"kind": "response" | "error" | "init-error", "status": ..., "body": ...}) and exits.
The port it listens on is written to PORT_FILE once it accepts connections.

usage: runtime_api_stub.py EVENT PORT_FILE RESULT [TIMEOUT_SECONDS]
"""

import http.server
import json
import os
import sys
import threading
import time

REQUEST_ID = "8f5d2e36-0b7c-4c55-9d0e-6f1f3c3b9a01"
PREFIX = "/2018-06-01/runtime"


class RuntimeAPI(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    event = b""
    served = threading.Event()
    result = None
    done = threading.Event()

    def do_GET(self):
        if self.path != f"{PREFIX}/invocation/next":
            return self.reply(404, b'{"errorMessage":"unknown path"}')
        if RuntimeAPI.served.is_set():
            # A second /next means the first invocation is over; hold it until the stub exits.
            RuntimeAPI.done.wait()
            return
        RuntimeAPI.served.set()
        deadline_ms = int(time.time() * 1000) + 30_000
        self.reply(200, RuntimeAPI.event, {
            "Lambda-Runtime-Aws-Request-Id": REQUEST_ID,
            "Lambda-Runtime-Deadline-Ms": str(deadline_ms),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:notifier",
            "Lambda-Runtime-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        })

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        kinds = {
            f"{PREFIX}/invocation/{REQUEST_ID}/response": "response",
            f"{PREFIX}/invocation/{REQUEST_ID}/error": "error",
            f"{PREFIX}/init/error": "init-error",
        }
        kind = kinds.get(self.path)
        if kind is None:
            return self.reply(404, b'{"errorMessage":"unknown path"}')
        self.reply(202, b'{"status":"OK"}')
        RuntimeAPI.result = {
            "kind": kind,
            "errorType": self.headers.get("Lambda-Runtime-Function-Error-Type"),
            "body": body.decode("utf-8", "replace"),
        }
        RuntimeAPI.done.set()

    def reply(self, status, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def main():
    event_path, port_file, result_path = sys.argv[1:4]
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 30
    with open(event_path, "rb") as f:
        RuntimeAPI.event = f.read()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RuntimeAPI)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    if not RuntimeAPI.done.wait(timeout):
        RuntimeAPI.result = {"kind": "timeout", "served": RuntimeAPI.served.is_set()}
    with open(result_path, "w") as f:
        json.dump(RuntimeAPI.result, f)
    server.shutdown()


if __name__ == "__main__":
    main()
