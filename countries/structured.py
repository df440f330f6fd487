"""A country page as a schema.org ``Country``: its ISO codes, and each period of its SCO
status as a ``Role`` with the dates the sources give."""

from core.dates import iso_partial_date
from core.structured import SCO, without_empty


def country_data(country, absolute, history=()):
    roles = [
        without_empty(
            {
                "@type": "Role",
                "roleName": row.get_status_display(),
                "startDate": iso_partial_date(row.start_date, row.start_precision),
                "endDate": iso_partial_date(row.end_date, row.end_precision) if row.ended else None,
                "memberOf": SCO,
            }
        )
        for row in history
    ]
    return without_empty(
        {
            "@type": "Country",
            "name": country.name,
            "url": absolute(country.get_absolute_url()),
            "identifier": [
                {"@type": "PropertyValue", "propertyID": "ISO 3166-1 alpha-2", "value": str(country.iso_code)},
                {"@type": "PropertyValue", "propertyID": "ISO 3166-1 alpha-3", "value": country.iso_alpha3},
            ],
            "containedInPlace": {"@type": "Place", "name": country.region} if country.region else None,
            "memberOf": roles,
        }
    )
