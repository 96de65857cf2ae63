"""Input fields that take JSON types as they are. DRF's own coerce ("7" becomes 7, 0 becomes "0"),
which accepts bodies our schema says are wrong; a client sending the wrong type should hear so."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from opportunities.timezones import valid_zone_names


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


TIME_ZONE_SCHEMA = {
    "type": "string",
    "enum": ["", *valid_zone_names()],
    "description": "An IANA time zone name, or empty.",
}


@extend_schema_field(TIME_ZONE_SCHEMA, component_name="TimeZone")
class TimeZoneField(StrictCharField):
    """An IANA zone name (or empty), documented as the list of names we accept; the services
    still check it, with their own message."""
