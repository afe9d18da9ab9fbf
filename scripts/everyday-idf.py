#!/usr/bin/env python3
"""Writes src-tauri/core/src/message_search/everyday_idf.txt: the everyday two-character words of
written Chinese and how common they are, from jieba's IDF table (jieba, MIT; the copy the jieba-rs
crate ships as src/data/idf.txt).

The message search's own IDF is computed over the guides alone (a few hundred short texts), where
如果, 进行 or 完成 are as rare as 加注: a pasted sentence made of such words looked like a guide's
own. message_search/everyday.rs lowers their weight by this table. Only words below the cut-off
are written: the others keep their full weight anyway.

Run: `python3 scripts/everyday-idf.py [PATH-TO-idf.txt]` (default: the jieba-rs crate in the
cargo registry, `cargo fetch` of any project using jieba-rs 0.7 puts it there).
"""
import glob
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "src-tauri/core/src/message_search/everyday_idf.txt"
# Must match EVERYDAY_UP_TO in message_search/everyday.rs: above it a word is not everyday.
CUT = 6.0

if len(sys.argv) > 1:
    source = pathlib.Path(sys.argv[1])
else:
    found = sorted(glob.glob(str(pathlib.Path.home() / ".cargo/registry/src/*/jieba-rs-0.7.*/src/data/idf.txt")))
    if not found:
        sys.exit("jieba's idf.txt not found: pass its path (jieba-rs src/data/idf.txt or jieba/analyse/idf.txt)")
    source = pathlib.Path(found[-1])

two_chinese = re.compile(r"^[\u4e00-\u9fff]{2}$")
words = []
for line in source.read_text(encoding="utf-8").splitlines():
    parts = line.split()
    if len(parts) == 2 and two_chinese.match(parts[0]) and float(parts[1]) < CUT:
        words.append((float(parts[1]), parts[0]))
words.sort()

header = """\
# Everyday two-character words of written Chinese and their IDF in a general corpus (lower = more
# common), every such word below 6.0. From jieba's IDF table (src/data/idf.txt of the jieba-rs
# crate 0.7.4; jieba: https://github.com/fxsjy/jieba, jieba-rs: https://github.com/messense/jieba-rs).
# Written by scripts/everyday-idf.py; read by message_search/everyday.rs.
#
# jieba-rs is under the MIT License:
# Copyright (c) 2018 - 2019 messense
# Copyright (c) 2019 Paul Meng
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
# associated documentation files (the "Software"), to deal in the Software without restriction,
# including without limitation the rights to use, copy, modify, merge, publish, distribute,
# sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions: The above copyright notice and this
# permission notice shall be included in all copies or substantial portions of the Software.
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
# NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
# NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
# DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
# OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""
OUT.write_text(header + "".join(f"{w} {v:.2f}\n" for v, w in words), encoding="utf-8")
print(f"{OUT.relative_to(ROOT)}: {len(words)} words from {source}")
