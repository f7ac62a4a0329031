#!/usr/bin/python3
"""Captures real clients' first transport messages for the fuzz corpus.

A fake server sends its identification and a KEXINIT that offers one key exchange method, then records what the
client sends in the clear: its identification line, its KEXINIT and its first method message (for group exchange
it answers the request with RFC 3526's 2048-bit group and records the GEX INIT too). Nothing is signed: the
connection is dropped once the client's value has arrived.

  /usr/bin/python3 capture_client_kex.py OUTDIR
writes OUTDIR/<client>-<kex>-{ident,kexinit,msgNN}.bin (payloads, message number first; ident as sent).
"""
import os, socket, struct, subprocess, sys, threading

OUT = sys.argv[1]
P2048 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AACAA68FFFFFFFFFFFFFFFF", 16)


def string(b):
    return struct.pack(">I", len(b)) + b


def mpint(n):
    b = n.to_bytes((n.bit_length() + 8) // 8, "big")
    return string(b)


def packet(payload):
    pad = 8 - (5 + len(payload)) % 8
    if pad < 4:
        pad += 8
    return struct.pack(">IB", 1 + len(payload) + pad, pad) + payload + bytes(pad)


def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def read_payload(s):
    length, pad = struct.unpack(">IB", read_exact(s, 5))
    body = read_exact(s, length - 1)
    return body[:length - 1 - pad]


def kexinit(kex):
    names = [kex, "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256",
             "aes128-ctr,chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes256-ctr",
             "aes128-ctr,chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes256-ctr",
             "hmac-sha2-256,hmac-sha2-256-etm@openssh.com,hmac-sha1", "hmac-sha2-256,hmac-sha2-256-etm@openssh.com,hmac-sha1",
             "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""]
    return bytes([20]) + os.urandom(16) + b"".join(string(n.encode()) for n in names) + b"\0" + bytes(4)


def serve(listener, prefix):
    conn, _ = listener.accept()
    conn.settimeout(10)
    try:
        conn.sendall(b"SSH-2.0-capture_1.0\r\n")
        ident = b""
        while not ident.endswith(b"\n"):
            ident += read_exact(conn, 1)
        save(prefix + "-ident", ident)
        kex = prefix.split("-", 1)[1]
        conn.sendall(packet(kexinit(kex)))
        while True:
            payload = read_payload(conn)
            save(prefix + ("-kexinit" if payload[0] == 20 else "-msg%d" % payload[0]), payload)
            if payload[0] in (30, 34) and "group-exchange" in kex:
                conn.sendall(packet(bytes([31]) + mpint(P2048) + mpint(2)))
                continue
            if 30 <= payload[0] <= 49:
                break
    except (EOFError, OSError) as e:
        print(prefix, "ended:", e)
    finally:
        conn.close()


def save(name, data):
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(data)


def run(client, kex, command):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    thread = threading.Thread(target=serve, args=(listener, client + "-" + kex))
    thread.start()
    argv = [a.replace("PORT", str(port)).replace("KEX", kex) for a in command]
    try:
        subprocess.run(argv, timeout=20, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pass
    thread.join(25)
    listener.close()


PARAMIKO = ["/usr/bin/python3", "-c", """
import socket, paramiko
t = paramiko.Transport(socket.create_connection(("127.0.0.1", PORT)))
t.get_security_options().kex = ["KEX"]
try:
    t.start_client(timeout=10)
except Exception:
    pass
"""]

os.makedirs(OUT, exist_ok=True)
OPENSSH = ["ssh", "-p", "PORT", "-o", "KexAlgorithms=KEX", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
           "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "fuzz@127.0.0.1", "true"]
for kex in ["sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
            "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group14-sha256",
            "diffie-hellman-group16-sha512"]:
    run("openssh", kex, OPENSSH)
for kex in ["curve25519-sha256", "diffie-hellman-group-exchange-sha256", "ecdh-sha2-nistp256"]:
    run("plink", kex, ["plink", "-batch", "-P", "PORT", "fuzz@127.0.0.1", "true"])
for kex in ["curve25519-sha256", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256"]:
    run("dropbear", kex, ["dbclient", "-y", "-y", "-p", "PORT", "fuzz@127.0.0.1", "true"])
for kex in ["curve25519-sha256@libssh.org", "diffie-hellman-group-exchange-sha256", "ecdh-sha2-nistp384"]:
    run("paramiko", kex, PARAMIKO)
