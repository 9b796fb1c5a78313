#!/usr/bin/env python3
"""Builds data/lowercase_words.tsv: folded words that Spanish prose writes
in lowercase, from a corpus of plain-text novels.

For every word (folded: lowercase, no accents, n for ñ) it counts how often
the corpus writes it lowercase and how often capitalized where capitals do
not come from position: not the first word of a line, of a sentence (after
. ? ! … :), of a line of dialogue (after a dash) or after an opening quote,
bracket, ¿ or ¡. A word is kept when it is written lowercase at least
MIN_LOWER times and its lowercase share among those counts is at least
MIN_RATIO. All-capitals words are ignored (headings). The YAML/LaTeX
preamble of each file (up to the second `---` line) is skipped.

Usage: tools/build_lowercase_words.py /work/shared/bench-corpus > data/lowercase_words.tsv
"""
import os
import re
import sys
import unicodedata
from collections import Counter

MIN_LOWER = 3
MIN_RATIO = 0.9
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
OPENERS = set(".?!…:—–-«“\"¿¡([‹'‘#*_")


def fold(w):
    w = w.lower().replace("ñ", "n")
    return "".join(
        c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c)
    )


def body(text):
    lines = text.split("\n")
    if lines and lines[0].startswith("%"):
        # Skip the pandoc title lines and the YAML block.
        dashes = [i for i, l in enumerate(lines) if l.strip() == "---"]
        if len(dashes) >= 2:
            return "\n".join(lines[dashes[1] + 1 :])
    return text


def main(root):
    lower, upper = Counter(), Counter()
    for d, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                text = body(f.read())
            for line in text.split("\n"):
                if "\\" in line or "{" in line or "<" in line:
                    continue
                prev_end = 0
                first = True
                for m in WORD.finditer(line):
                    w = m.group()
                    gap = line[prev_end : m.start()].strip()
                    prev_end = m.end()
                    at_start = first or (gap and gap[-1] in OPENERS)
                    first = False
                    if len(w) < 2:
                        continue
                    if w.islower():
                        lower[fold(w)] += 1
                    elif w[0].isupper() and w[1:].islower() and not at_start:
                        upper[fold(w)] += 1
    print("# Folded words that Spanish prose writes in lowercase: a capitalized")
    print("# one is more likely a sentence start or a heading word than a name,")
    print("# unless something else (gazetteer, title, given name) supports it.")
    print(f"# source: Benito Pérez Galdós, Episodios nacionales, series 1-5 (CC0),")
    print("#   /work/shared/bench-corpus; built by tools/build_lowercase_words.py:")
    print(f"#   lowercase count >= {MIN_LOWER} and lowercase / (lowercase +")
    print(f"#   capitalized not at a line, sentence or dialogue start) >= {MIN_RATIO}.")
    print("# word")
    for w in sorted(lower):
        lo, up = lower[w], upper[w]
        if lo >= MIN_LOWER and lo / (lo + up) >= MIN_RATIO:
            print(w)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/bench-corpus")
