"""An event page as a schema.org ``Event``, with its dates as precise as its sources give them."""

from core.dates import iso_partial_date
from core.structured import SCO, without_empty


def event_data(event, absolute):
    country = event.host_country
    place = ", ".join(part for part in (event.city, country.name if country else "") if part)
    address = {
        "@type": "PostalAddress",
        "addressLocality": event.city,
        "addressCountry": str(country.iso_code) if country else None,
    }
    return without_empty(
        {
            "@type": "Event",
            "name": event.title,
            "url": absolute(event.get_absolute_url()),
            "startDate": iso_partial_date(event.start_date, event.start_precision),
            "endDate": iso_partial_date(event.end_date, event.end_precision),
            "location": place and {"@type": "Place", "name": place, "address": without_empty(address)},
            "description": event.description,
            "image": absolute(event.image.url) if event.image else None,
            "about": SCO,
        }
    )
