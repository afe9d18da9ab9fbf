#!/usr/bin/env python3
"""Builds NotoSansCJKsc-Subset.otf, the font the checklist PDF export embeds (issue 9).

A one-off developer step, never run by the build or the tests (see README.md beside this file).
Input: Noto Sans CJK SC Regular (OFL 1.1), face 2 of Debian's fonts-noto-cjk collection.
Output: an OpenType/CFF font holding only the characters listed by `charset()`, without layout
tables (the PDF writer places glyphs one by one) or hinting (a PDF is printed or zoomed, not
rasterised at small pixel sizes on screen).

Usage, from the repository root:
    pip install fonttools
    python3 src-tauri/core/assets/fonts/make_font.py \
        /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import pathlib
import sys
import unicodedata

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = pathlib.Path(__file__).resolve().parent
CORE = HERE.parent.parent
REPO = CORE.parent.parent
OUT = HERE / "NotoSansCJKsc-Subset.otf"
SC_FACE = 2  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK in NotoSansCJK-Regular.ttc


def decode_range(codec, lead, trail):
    """Every character of a double-byte code page in the given lead/trail byte ranges."""
    chars = set()
    for a in lead:
        for b in trail:
            try:
                chars.update(bytes([a, b]).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def charset():
    chars = set()
    # ASCII, Latin-1, general punctuation, arrows, CJK symbols and punctuation, full-width forms.
    for lo, hi in [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2460, 0x24FF),
                   (0x2500, 0x257F), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
        chars.update(chr(c) for c in range(lo, hi + 1))
    # GB 2312: symbols (rows 1-9) and hanzi levels 1 and 2 (rows 16-87).
    chars |= decode_range("gb2312", range(0xA1, 0xAA), range(0xA1, 0xFF))
    chars |= decode_range("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))
    # Big5 常用字 (frequently used characters, A440-C67E) and its symbols (A140-A3BF).
    trail = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    chars |= decode_range("big5", range(0xA1, 0xA4), trail)
    chars |= decode_range("big5", range(0xA4, 0xC7), trail)
    # Everything the bundled data and the UI catalogs use (guides, topics, checklist data).
    sources = list((CORE / "guides").glob("*.toml")) + list((CORE / "data").rglob("*.toml"))
    sources += list((REPO / "ui" / "src" / "lib" / "i18n").glob("*.json"))
    for path in sources:
        chars.update(path.read_text(encoding="utf-8"))
    # Drop controls, format characters and private-use code points; keep every kind of space.
    return {c for c in chars if unicodedata.category(c)[0] != "C"}


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    font = TTFont(src, fontNumber=SC_FACE)
    wanted = charset()
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in wanted])
    sub.subset(font)
    font.save(OUT)
    cmap = font.getBestCmap()
    missing = sorted(c for c in wanted if ord(c) not in cmap)
    print(f"{OUT.name}: {OUT.stat().st_size} bytes, {len(cmap)} characters, {len(missing)} not in the source font")


if __name__ == "__main__":
    main()
