#!/usr/bin/env python3
"""A counting proxy: forwards every TCP connection on 127.0.0.1 to TARGET (host:port) byte for
byte, and counts the HTTP requests that go through, so that a test can tell how many requests a
client sent to a real server (moto) without trusting the client's own books.

usage: counting_proxy.py HOST:PORT

Prints one JSON line, {"endpoint": "http://127.0.0.1:PORT"}, then answers each line read on
standard input with the number of requests forwarded so far. Exits when standard input closes.
Requests are counted by their heads (up to the blank line) with any Content-Length body skipped;
chunked request bodies are not expected here.
"""

import json
import socket
import sys
import threading

lock = threading.Lock()
requests = 0


def pump(source, sink, count):
    buffered = b""
    body_left = 0
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
            if not count:
                continue
            buffered += data
            while True:
                if body_left:
                    taken = min(body_left, len(buffered))
                    buffered = buffered[taken:]
                    body_left -= taken
                    if body_left:
                        break
                end = buffered.find(b"\r\n\r\n")
                if end < 0:
                    break
                head = buffered[:end].decode("latin-1")
                buffered = buffered[end + 4:]
                global requests
                with lock:
                    requests += 1
                for line in head.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        body_left = int(value.strip())
    except OSError:
        pass
    finally:
        for end in (sink, source):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(listener, target):
    while True:
        client, _ = listener.accept()
        upstream = socket.create_connection(target)
        threading.Thread(target=pump, args=(client, upstream, True), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, False), daemon=True).start()


def main():
    host, _, port = sys.argv[1].rpartition(":")
    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=serve, args=(listener, (host, int(port))), daemon=True).start()
    print(json.dumps({"endpoint": f"http://127.0.0.1:{listener.getsockname()[1]}"}), flush=True)
    for _ in sys.stdin:
        with lock:
            print(requests, flush=True)


if __name__ == "__main__":
    main()
