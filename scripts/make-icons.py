#!/usr/bin/env python3
"""Draws the app icon (two overlapping partner discs on a desk-blue tile) as
RGBA PNGs in src-tauri/icons/. Pure standard library, so it runs anywhere."""
import math
import struct
import sys
import zlib
from pathlib import Path


def pixel(x, y, size):
    u, v = (x + 0.5) / size, (y + 0.5) / size
    # Rounded square tile.
    r = 0.2
    dx, dy = max(abs(u - 0.5) - (0.5 - r), 0), max(abs(v - 0.5) - (0.5 - r), 0)
    if math.hypot(dx, dy) > r:
        return (0, 0, 0, 0)
    top, bottom = (36, 99, 235), (23, 63, 160)
    base = tuple(int(top[i] + (bottom[i] - top[i]) * v) for i in range(3))
    left = math.hypot(u - 0.39, v - 0.45) < 0.2
    right = math.hypot(u - 0.61, v - 0.45) < 0.2
    if left and right:
        return (186, 230, 253, 255)
    if left or right:
        return (255, 255, 255, 255)
    if 0.22 < u < 0.78 and 0.72 < v < 0.78:
        return (255, 255, 255, 255)
    return base + (255,)


def png(size):
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel(x, y, size)) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


out = Path(sys.argv[1] if len(sys.argv) > 1 else "src-tauri/icons")
out.mkdir(parents=True, exist_ok=True)
for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    (out / name).write_bytes(png(size))
