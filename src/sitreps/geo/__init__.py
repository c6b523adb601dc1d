"""Places: gazetteer index, toponym recognition and resolution (GeoNames ids, admin1, points)."""

from sitreps.geo.gazetteer import Gazetteer, build_gazetteer, get_gazetteer, normalise
from sitreps.geo.lookup import admin1_names, lookup_country, place_point
from sitreps.geo.parse import Toponym, country_focus, find_toponyms, geoparse

__all__ = [
    "Gazetteer",
    "Toponym",
    "admin1_names",
    "build_gazetteer",
    "country_focus",
    "find_toponyms",
    "geoparse",
    "get_gazetteer",
    "lookup_country",
    "normalise",
    "place_point",
]
