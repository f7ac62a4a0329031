#!/usr/bin/python3
"""Writes the seed corpora of the identification and zlib fuzz targets from captured client bytes.

  /usr/bin/python3 write_seeds.py CAPTURE_DIR TRANSPORT_TEST_RESOURCES
CAPTURE_DIR is what capture_client_kex.py wrote.
"""
import glob, os, struct, sys, zlib

CAPTURE, RESOURCES = sys.argv[1], sys.argv[2]
BASE = os.path.join(RESOURCES, "io/sshnetty/transport")


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def packet(payload):
    pad = 8 - (5 + len(payload)) % 8
    if pad < 4:
        pad += 8
    return struct.pack(">IB", 1 + len(payload) + pad, pad) + payload + bytes(pad)


ident_dir = os.path.join(BASE, "IdentificationFuzzTestInputs/clientLine")
for client in ["openssh", "plink", "dropbear", "paramiko"]:
    prefix = sorted(glob.glob(os.path.join(CAPTURE, client + "-curve25519*-ident.bin")))[0][:-len("-ident.bin")]
    ident = open(prefix + "-ident.bin", "rb").read()
    kexinit = open(prefix + "-kexinit.bin", "rb").read()
    write(ident_dir, client + "-line", bytes([0]) + ident)
    write(ident_dir, client + "-line-then-kexinit", bytes([0]) + ident + packet(kexinit))
    write(ident_dir, client + "-line-in-7-byte-pieces", bytes([7]) + ident + packet(kexinit)[:40])
edge = {
    "lf-only": b"SSH-2.0-x\n",
    "one-point-nine-nine": b"SSH-1.99-OldClient\r\n",
    "ssh-1": b"SSH-1.5-Old\r\n",
    "http": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    "proxy-header": b"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nSSH-2.0-x\r\n",
    "bare-cr": b"SSH-2.0-a\rb\r\n",
    "control-character": b"SSH-2.0-a\x07b\r\n",
    "utf-8": "SSH-2.0-клиент\r\n".encode(),
    "empty-line": b"\r\n",
    "prefix-only": b"SSH-",
    "longest-line": b"SSH-2.0-" + b"x" * (255 - 10) + b"\r\n",
    "one-byte-too-long": b"SSH-2.0-" + b"x" * (255 - 9) + b"\r\n",
    "no-newline-at-limit": b"SSH-2.0-" + b"x" * 247,
    "binary": bytes(range(256)),
}
for name, data in edge.items():
    write(ident_dir, name, bytes([0]) + data)
write(ident_dir, "longest-line-byte-by-byte", bytes([1]) + edge["longest-line"] + b"\0\0\0\x0c\x0a\x15" + bytes(10))

zlib_dir = os.path.join(BASE, "compression/ZlibStreamFuzzTestInputs/inflate")
kexinit = open(glob.glob(os.path.join(CAPTURE, "openssh-curve25519-sha256-kexinit.bin"))[0], "rb").read()
userauth = b"\x32" + struct.pack(">I", 4) + b"user" + struct.pack(">I", 14) + b"ssh-connection" + struct.pack(">I", 4) + b"none"


def stream(*payloads):
    deflater = zlib.compressobj()
    return b"".join(deflater.compress(p) + deflater.flush(zlib.Z_SYNC_FLUSH) for p in payloads)


write(zlib_dir, "one-packet", bytes([0]) + stream(userauth))
two = stream(userauth, kexinit)
write(zlib_dir, "two-packets-as-one", bytes([0]) + two)
write(zlib_dir, "kexinit-in-13-byte-packets", bytes([13]) + stream(kexinit))
write(zlib_dir, "finished-stream-then-more", bytes([0]) + zlib.compress(userauth) + stream(userauth))
write(zlib_dir, "bomb", bytes([0]) + stream(bytes(10 * 1024 * 1024))[:4096])
write(zlib_dir, "bomb-in-200-byte-packets", bytes([200]) + stream(bytes(1024 * 1024)))


def with_deflater(deflater, payload):
    return deflater.compress(payload) + deflater.flush(zlib.Z_SYNC_FLUSH)


write(zlib_dir, "preset-dictionary", bytes([0]) + with_deflater(zlib.compressobj(zdict=b"ssh-connection"), userauth))
write(zlib_dir, "stored-block", bytes([0]) + with_deflater(zlib.compressobj(level=0), userauth))
write(zlib_dir, "bad-header", bytes([0]) + b"\x78\x9d" + stream(userauth)[2:])
write(zlib_dir, "truncated", bytes([0]) + stream(kexinit)[:50])
