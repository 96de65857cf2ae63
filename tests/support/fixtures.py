"""Names of shared fixture files, so each list of cases is written once."""

from pathlib import Path

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"

# XML that must never be expanded, read or fetched: entity bombs, external entities and DTDs.
HOSTILE_XML_FEEDS = [
    "rss_billion_laughs.xml",
    "rss_billion_laughs_utf16.xml",
    "rss_quadratic_blowup.xml",
    "rss_external_entity.xml",
    "rss_external_dtd.xml",
]
