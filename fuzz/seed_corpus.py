#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ (fuzz/README.md).

Seeds come from the project's own generators and from Amazon's vendored models, so they are real
shapes: settlement files from fbaflow-gen (every layout and marketplace), the built-in rule sets,
amounts in every style Amazon prints, gzip and windows-1252 documents, and the example responses
of the SP-API models. Deterministic: the same tree gives the same files.

Usage: fuzz/seed_corpus.py BUILD_DIR   (BUILD_DIR holds sim/fbaflow-gen, e.g. build/release)
"""
import glob
import gzip
import hashlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, data: bytes):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def settlement_files(gen):
    for layout in ("v2", "legacy"):
        for market in ("US", "UK", "DE", "FR"):
            for seed in (1, 2):
                out = subprocess.run(
                    [gen, "settlement", "--rows", "25", "--marketplace", market, "--seed",
                     str(seed), "--layout", layout],
                    check=True, capture_output=True).stdout
                yield out


def seed_reader(gen):
    # reader_fuzz: byte 0 = options (charset, decimal style, prefix none), byte 1 = chunk seed.
    for i, text in enumerate(settlement_files(gen)):
        put("reader_fuzz", bytes([(i * 4) % 9, i]) + b"\n" + text)


def seed_rules():
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*.toml"))):
        data = open(path, "rb").read()
        put("rules_fuzz", data)
        put("rules_fuzz", data[: len(data) // 7])  # a truncated file


AMOUNTS = ["39.99", "-3.96", "+5", "52,44", "0,00", "1.234,56", "1,234.56", "1 234,56", "1.234",
           "1,234", "12", "-0", "0.000", "9223372036854775807", "-9223372036854775808",
           "92233720368547758.08", "0.000000000000000001", "1e5", "", " 7.50 ", "--1", "1.2.3"]


def seed_money():
    for i, text in enumerate(AMOUNTS):
        put("money_fuzz", bytes([i % 18]) + text.encode())


DATES = ["2024-10-09 14:28:38 UTC", "2024-10-18", "15.11.2024 08:59:45 UTC", "15.11.2024",
         "2025-09-11T22:07:19+00:00", "2025-09-11T22:07:19Z", "2025-09-30T23:30:00-07:00",
         "2025-09-11T22:07:19.123+0900", "2024/10/18 14:28:38 JST", "2024/10/18",
         "2026-01-05 10:00:00", "2026-01-05T10:00", "2024-02-30", "9999-12-31T23:59:60Z",
         "0000-01-01", "2024-10-09 25:00:00 UTC", "2024-10-09 14:28:38 XYZ",
         "2024-10-09 14:28:38 +09", "2025-10-01T01:02:57+00:00", "2024-11-15T01:59:45-14:00"]


def seed_dates():
    for text in DATES:
        put("date_parse_fuzz", text.encode())


def seed_decoder(gen):
    samples = list(settlement_files(gen))[:3]
    samples.append("Café Straße – £5 ½\n".encode("windows-1252", errors="replace"))
    samples.append("Café – €5\n".encode("utf-8") + b"\x81\x8d\xc3")
    for i, text in enumerate(samples):
        # byte 0: bit 0 declared gzip, bits 1-2 charset; byte 1: chunk seed.
        put("document_decoder_fuzz", bytes([(i * 2) % 6, i]) + text)
        put("document_decoder_fuzz", bytes([1 + (i * 2) % 6, i]) + gzip.compress(text, mtime=0))
    two = gzip.compress(b"a\tb\n", mtime=0) + gzip.compress(b"c\td\n", mtime=0)
    put("document_decoder_fuzz", bytes([1, 9]) + two)  # concatenated members
    put("document_decoder_fuzz", bytes([1, 3]) + gzip.compress(b"cut short\n", mtime=0)[:-6])


def examples(node):
    """Every example response body in an OpenAPI model (x-amzn-api-sandbox and `examples`)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("response", "examples", "example") and isinstance(value, (dict, list)):
                yield value
            yield from examples(value)
    elif isinstance(node, list):
        for value in node:
            yield from examples(value)


def seed_models():
    for path in sorted(glob.glob(os.path.join(ROOT, "third_party", "spapi-models", "*.json"))):
        model = json.load(open(path))
        for body in examples(model):
            put("model_parsers_fuzz", json.dumps(body, sort_keys=True).encode())
    put("model_parsers_fuzz", b'{"amount": 1e400, "currencyCode": "USD"}')
    put("model_parsers_fuzz", b'{"payload": {"orders": [{"orderId": "1", "createdTime": "x"}]}}')


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    gen = os.path.join(sys.argv[1], "sim", "fbaflow-gen")
    seed_reader(gen)
    seed_rules()
    seed_money()
    seed_dates()
    seed_decoder(gen)
    seed_models()


if __name__ == "__main__":
    main()
