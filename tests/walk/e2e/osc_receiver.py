"""A real OSC receiver for the tests: a UDP socket on 127.0.0.1 that decodes
OSC 1.0 messages (address, type tags, big-endian int32/float32/string args)
and prints each as 'ADDRESS TYPES VALUES...' (as liblo's oscdump does).

Usage: osc_receiver.py PORTFILE COUNT TIMEOUT > messages.txt
Writes the port it bound to PORTFILE, stops after COUNT messages, or TIMEOUT
seconds without one once the first has come (it waits 120 s for the first)."""
import socket
import struct
import sys


def padded_string(data, pos):
    end = data.index(b"\0", pos)
    s = data[pos:end].decode("ascii")
    return s, (end + 4) & ~3


def decode(data):
    address, pos = padded_string(data, 0)
    tags, pos = padded_string(data, pos)
    if not tags.startswith(","):
        raise ValueError("no type tag string")
    values = []
    for tag in tags[1:]:
        if tag == "f":
            values.append("%g" % struct.unpack(">f", data[pos:pos + 4])[0]); pos += 4
        elif tag == "i":
            values.append(str(struct.unpack(">i", data[pos:pos + 4])[0])); pos += 4
        elif tag == "s":
            s, pos = padded_string(data, pos); values.append(s)
        else:
            raise ValueError("type tag %r not handled" % tag)
    if pos != len(data):
        raise ValueError("%d bytes left over" % (len(data) - pos))
    return address, tags[1:], values


def main():
    portfile, count, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(120)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(sock.getsockname()[1]))
    import os
    os.rename(portfile + ".tmp", portfile)
    n = 0
    while n < count:
        try:
            data, _ = sock.recvfrom(65536)
        except socket.timeout:
            break
        sock.settimeout(timeout)
        address, tags, values = decode(data)
        print(address, tags, *values, flush=True)
        n += 1


main()
