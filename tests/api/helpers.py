"""Reading the API's lists in the tests."""

from django.urls import reverse


def every_item(client, name, **params):
    """All items of the list ``api:<name>``, page after page."""
    items, offset = [], 0
    while True:
        page = client.get(reverse(f"api:{name}"), {**params, "limit": 100, "offset": offset}).json()
        items += page["items"]
        offset += 100
        if offset >= page["count"]:
            return items
