"""Write the example workspace's logo (``inquirygen/skeleton/images/logo.png``) from scratch.

A coat of arms for the invented Stadt Beispielstadt: a blue heater shield with a white field, a red
chief with a white battlement (a town wall), and the initials "SB". Drawn with nothing but zlib and
struct: each pixel is sampled 4 × 4 times for smooth edges, and the PNG says 300 dpi, so the logo
is 20 mm high at its natural size. Run ``python tools/make_logo.py`` after changing it; the output is
the same bytes on every run.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "inquirygen" / "skeleton" / "images" / "logo.png"

WIDTH, HEIGHT = 200, 236  # pixels: 16.9 × 20 mm at 300 dpi
DPI = 300
SAMPLES = 4  # per pixel and axis

WHITE = (255, 255, 255)
BLUE = (29, 63, 114)
RED = (178, 34, 52)

# The shield in pixels: flat top, straight sides down to SIDE, then two arcs of radius SHIELD_W
# (centred on the opposite side) meeting in the point at the bottom: the classic heater shield.
LEFT, TOP = 3.0, 3.0
SHIELD_W = WIDTH - 2 * LEFT
SIDE = TOP + (HEIGHT - 2 * TOP) - SHIELD_W * math.sqrt(3) / 2
BORDER = 11.0  # width of the blue border
CHIEF = 0.33  # the chief's share of the shield's height


def in_shield(x: float, y: float, inset: float = 0.0) -> bool:
    """Whether (x, y) lies in the shield shrunk by ``inset`` pixels."""
    left, right, top = LEFT + inset, LEFT + SHIELD_W - inset, TOP + inset
    if not (left <= x <= right and y >= top):
        return False
    if y <= SIDE:
        return True
    radius = SHIELD_W - inset
    return (math.hypot(x - (LEFT + SHIELD_W), y - SIDE) <= radius - inset
            and math.hypot(x - LEFT, y - SIDE) <= radius - inset)


def segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def arc_distance(px: float, py: float, cx: float, cy: float, r: float, start: float, end: float) -> float:
    """Distance to the arc of the circle (cx, cy, r) from angle ``start`` to ``end`` (degrees, y down)."""
    low, high = min(start, end), max(start, end)
    angle = math.degrees(math.atan2(py - cy, px - cx))
    for turn in (-360.0, 0.0, 360.0):
        if low <= angle + turn <= high:
            return abs(math.hypot(px - cx, py - cy) - r)
    ends = [(cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a))) for a in (start, end)]
    return min(math.hypot(px - ex, py - ey) for ex, ey in ends)


# The initials in a box 1 high (y down), as strokes: lines and circle arcs.
LETTER_HEIGHT, STROKE = 78.0, 0.15
LETTER_TOP = TOP + (HEIGHT - 2 * TOP) * 0.44
S_LEFT, B_LEFT = WIDTH / 2 - 0.74 * LETTER_HEIGHT, WIDTH / 2 + 0.06 * LETTER_HEIGHT


def in_initials(x: float, y: float) -> bool:
    u, v = (x - S_LEFT) / LETTER_HEIGHT, (y - LETTER_TOP) / LETTER_HEIGHT
    half = STROKE / 2
    if -0.1 <= u <= 0.65 and -0.1 <= v <= 1.1:  # S: two arcs of radius 0.25 - half
        r = 0.25 - half / 2
        if arc_distance(u, v, 0.3, 0.25, r, -270, -25) <= half \
                or arc_distance(u, v, 0.3, 0.75 - half / 2, r, -90, 155) <= half:
            return True
    u = (x - B_LEFT) / LETTER_HEIGHT
    if -0.1 <= u <= 0.75 and -0.1 <= v <= 1.1:  # B: stem, bars and two bowls
        top, middle, bottom = half, 0.48, 1 - half
        stem = segment_distance(u, v, half, top, half, bottom)
        bars = min(segment_distance(u, v, half, top, 0.33, top),
                   segment_distance(u, v, half, middle, 0.36, middle),
                   segment_distance(u, v, half, bottom, 0.36, bottom))
        upper_r, lower_r = (middle - top) / 2, (bottom - middle) / 2
        bowls = min(arc_distance(u, v, 0.33, top + upper_r, upper_r, -90, 90),
                    arc_distance(u, v, 0.36, middle + lower_r, lower_r, -90, 90))
        if min(stem, bars, bowls) <= half:
            return True
    return False


def in_battlement(x: float, y: float) -> bool:
    """A white town wall with three merlons, standing on the chief's lower edge."""
    chief_bottom = TOP + (HEIGHT - 2 * TOP) * CHIEF
    wall_left, wall_right = WIDTH * 0.27, WIDTH * 0.73
    wall_top, merlon_top = chief_bottom - 22, chief_bottom - 36
    if not (wall_left <= x <= wall_right and merlon_top <= y <= chief_bottom - 6):
        return False
    if y >= wall_top:
        return True
    merlon = (wall_right - wall_left) / 5  # merlon, gap, merlon, gap, merlon
    return int((x - wall_left) // merlon) % 2 == 0


def colour(x: float, y: float) -> tuple[int, int, int]:
    if not in_shield(x, y):
        return WHITE
    if not in_shield(x, y, BORDER):
        return BLUE
    if y <= TOP + (HEIGHT - 2 * TOP) * CHIEF:
        return WHITE if in_battlement(x, y) else RED
    return BLUE if in_initials(x, y) else WHITE


def pixels() -> bytes:
    rows = bytearray()
    step = 1 / SAMPLES
    for py in range(HEIGHT):
        rows.append(0)  # filter: none
        for px in range(WIDTH):
            total = [0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b = colour(px + (sx + 0.5) * step, py + (sy + 0.5) * step)
                    total[0] += r
                    total[1] += g
                    total[2] += b
            rows.extend(round(channel / SAMPLES**2) for channel in total)
    return bytes(rows)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png() -> bytes:
    per_metre = round(DPI / 0.0254)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
            + chunk(b"IDAT", zlib.compress(pixels(), 9))
            + chunk(b"IEND", b""))


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    data = png()
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
