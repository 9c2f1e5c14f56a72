"""An HTTPS endpoint standing in for SES v2 SendEmail, for tests that run a packaged function.

Listens on 127.0.0.1 with CERT/KEY, answers POST /v2/email/outbound-emails with
{"MessageId": MESSAGE_ID} and appends each request it receives to REQUESTS as one JSON line:
method, path, headers, body size, and the TLS version the connection negotiated.
The port it listens on is written to PORT_FILE once it accepts connections.
Runs until killed.

usage: ses_stub.py CERT KEY PORT_FILE REQUESTS MESSAGE_ID
"""

import http.server
import json
import os
import ssl
import sys


class SESv2(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests_path = ""
    message_id = ""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(SESv2.requests_path, "a") as f:
            f.write(json.dumps({
                "method": self.command,
                "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "bodyBytes": len(body),
                "tlsVersion": self.connection.version(),
            }) + "\n")
        if self.path == "/v2/email/outbound-emails":
            self.reply(200, {"MessageId": SESv2.message_id})
        else:
            self.reply(404, {"message": f"no route for {self.path}"})

    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def main():
    cert, key, port_file, SESv2.requests_path, SESv2.message_id = sys.argv[1:6]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SESv2)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
