#!/usr/bin/env python3
"""The one HTTPS fake of SES v2 SendEmail, for what needs real TLS: the TLS verification tests
(Sources/TestSupport/TLSEndpoint.swift) and the packaged function in an empty root
(scripts/test-package-chroot).

Serves HTTPS on a free port of 127.0.0.1. With --certificate and --key it uses that pair;
without, it makes a throwaway key and a self-signed certificate for IP 127.0.0.1 (with the
`cryptography` package), which no CA bundle trusts. It answers POST /v2/email/outbound-emails
with {"MessageId": MESSAGE_ID} (--message-id; "tls-<n>" for the n-th request without it) and
anything else with 404, and counts the requests that arrived complete. With --requests it
appends each request to that file as one JSON line: method, path, headers (lower-cased names),
body size, and the TLS version the connection negotiated.

Prints one JSON line once it accepts connections:
{"endpoint": "https://127.0.0.1:PORT", "port": PORT, "certificate": "<path of the PEM certificate>"};
then, for each line read on standard input, prints the number of requests served so far.
Exits when standard input closes.

usage: ses_https_endpoint.py [--certificate CERT --key KEY] [--message-id ID] [--requests FILE]
"""

import argparse
import datetime
import http.server
import ipaddress
import json
import os
import ssl
import sys
import tempfile
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

served = 0
lock = threading.Lock()


class SESv2(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    message_id = None
    requests_path = None

    def do_POST(self):
        global served
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            served += 1
            number = served
            if SESv2.requests_path:
                with open(SESv2.requests_path, "a") as f:
                    f.write(json.dumps({
                        "method": self.command,
                        "path": self.path,
                        "headers": {name.lower(): value for name, value in self.headers.items()},
                        "bodyBytes": len(body),
                        "tlsVersion": self.connection.version(),
                    }) + "\n")
        if self.path == "/v2/email/outbound-emails":
            self.reply(200, {"MessageId": SESv2.message_id or f"tls-{number}"})
        else:
            self.reply(404, {"message": f"no route for {self.path}"})

    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def self_signed_certificate(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "notifier TLS test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = os.path.join(directory, "cert.pem")
    key_path = os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def main():
    parser = argparse.ArgumentParser(description="An HTTPS fake of SES v2 SendEmail.")
    parser.add_argument("--certificate", help="PEM certificate to serve (with --key)")
    parser.add_argument("--key", help="PEM private key of --certificate")
    parser.add_argument("--message-id", help="the MessageId of every answer")
    parser.add_argument("--requests", help="append each request to this file as a JSON line")
    options = parser.parse_args()
    if (options.certificate is None) != (options.key is None):
        parser.error("--certificate and --key go together")
    if options.certificate:
        cert_path, key_path = options.certificate, options.key
    else:
        cert_path, key_path = self_signed_certificate(tempfile.mkdtemp(prefix="notifier-tls-"))
    SESv2.message_id = options.message_id
    SESv2.requests_path = options.requests

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SESv2)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    print(json.dumps({"endpoint": f"https://127.0.0.1:{port}", "port": port, "certificate": cert_path}), flush=True)
    for _ in sys.stdin:
        with lock:
            print(served, flush=True)


if __name__ == "__main__":
    main()
