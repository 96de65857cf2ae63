"""Writes, one module per job. Callers use `from opportunities import services` and
`services.<entity>_<action>(...)`; the names below are the public ones."""

from opportunities.services.clusters import clusters_update
from opportunities.services.listings import (
    listings_mark_missing,
    listings_upsert,
    listings_withdraw,
    opportunities_expire,
    opportunity_fields,
    opportunity_mark_changed,
    organizations_upsert,
)
from opportunities.services.operations import heartbeat_record
from opportunities.services.saved import opportunity_save, opportunity_unsave
from opportunities.services.sources import (
    retry_delay,
    source_fetch,
    source_fetch_enqueue,
    source_ingest_payload,
    source_reenable,
    source_register,
    sources_dispatch_due,
)
from opportunities.services.tags import opportunities_tag
from opportunities.services.taxonomy import taxonomy_load

__all__ = [
    "clusters_update",
    "heartbeat_record",
    "listings_mark_missing",
    "listings_upsert",
    "listings_withdraw",
    "opportunities_expire",
    "opportunities_tag",
    "opportunity_fields",
    "opportunity_mark_changed",
    "opportunity_save",
    "opportunity_unsave",
    "organizations_upsert",
    "retry_delay",
    "source_fetch",
    "source_fetch_enqueue",
    "source_ingest_payload",
    "source_reenable",
    "source_register",
    "sources_dispatch_due",
    "taxonomy_load",
]
