"""A person page as a schema.org ``Person``: the name as the sources print it, nothing more
(roles belong to each citation, and the sources do not always agree on them)."""


def person_data(person, absolute):
    return {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}
