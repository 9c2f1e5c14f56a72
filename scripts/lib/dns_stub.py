"""A DNS server that knows one name, for tests that run a packaged function.

Listens on UDP ADDRESS:53 and answers queries for NAME with one A record, 127.0.0.1; AAAA (or any
other type) for NAME gets an empty answer, and every other name NXDOMAIN, as a real resolver
would. Each query is appended to QUERIES as one line: the name and the type number. Writes READY
once it listens. Runs until killed.

usage: dns_stub.py ADDRESS NAME QUERIES READY
"""

import socket
import struct
import sys

A, IN = 1, 1
NOERROR, NXDOMAIN = 0, 3


def question_of(query):
    """The name and type of a query's one question, and the question's bytes."""
    offset, labels = 12, []
    while query[offset]:
        length = query[offset]
        labels.append(query[offset + 1:offset + 1 + length].decode("ascii").lower())
        offset += 1 + length
    qtype, _ = struct.unpack(">HH", query[offset + 1:offset + 5])
    return ".".join(labels), qtype, query[12:offset + 5]


def main():
    address, name, queries_path, ready_path = sys.argv[1:]
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind((address, 53))
    open(ready_path, "w").write("ready\n")
    while True:
        query, client = server.recvfrom(512)
        if len(query) < 17:
            continue
        transaction, flags, _ = struct.unpack(">HHH", query[:6])
        asked, qtype, question = question_of(query)
        with open(queries_path, "a") as log:
            log.write(f"{asked} {qtype}\n")
        answers = b""
        if asked == name and qtype == A:
            # A compressed pointer to the question's name, then TYPE, CLASS, TTL, RDLENGTH, RDATA.
            answers = b"\xc0\x0c" + struct.pack(">HHIH", A, IN, 60, 4) + socket.inet_aton("127.0.0.1")
        rcode = NOERROR if asked == name else NXDOMAIN
        # QR, the query's RD, RA; one question, one or no answer.
        header_flags = 0x8080 | (flags & 0x0100) | rcode
        header = struct.pack(">HHHHHH", transaction, header_flags, 1, 1 if answers else 0, 0, 0)
        server.sendto(header + question + answers, client)


if __name__ == "__main__":
    main()
