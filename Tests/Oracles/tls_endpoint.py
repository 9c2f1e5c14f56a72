#!/usr/bin/env python3
"""An HTTPS endpoint with a throwaway self-signed certificate, for the TLS verification tests.

Creates a key and a self-signed certificate for IP 127.0.0.1 (with the `cryptography` package),
serves HTTPS on a free port of 127.0.0.1, answers every POST with SES v2's
{"MessageId": "tls-<n>"} and counts the requests that arrived complete. Prints one JSON line:
{"endpoint": "https://127.0.0.1:PORT", "certificate": "<path of the PEM certificate>"};
then, for each line read on standard input, prints the number of requests served so far.
Exits when standard input closes.
"""

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


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global served
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            served += 1
            number = served
        body = json.dumps({"MessageId": f"tls-{number}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def certificate(directory):
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
    directory = tempfile.mkdtemp(prefix="notifier-tls-")
    cert_path, key_path = certificate(directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"endpoint": f"https://127.0.0.1:{server.server_address[1]}", "certificate": cert_path}), flush=True)
    for _ in sys.stdin:
        with lock:
            print(served, flush=True)


if __name__ == "__main__":
    main()
