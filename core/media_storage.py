"""Where uploaded media live: the local ``MEDIA_ROOT``, or an S3-compatible bucket.

``storage_settings(environ)`` is the ``STORAGES["default"]`` entry the settings use. With
``MEDIA_STORAGE_URL`` set it is S3 through django-storages::

    s3://<bucket>[/<prefix>][?endpoint_url=<url>&region=<name>&custom_domain=<host>&addressing_style=path|virtual&signed=true]

``endpoint_url`` for a provider other than AWS (MinIO, Ceph, Scaleway, …), ``custom_domain``
for a CDN in front of the bucket, ``signed=true`` for expiring signed URLs on a private
bucket (by default URLs are plain: the bucket, or its CDN, serves media publicly). Without
it, ``AWS_STORAGE_BUCKET_NAME`` and the usual ``AWS_S3_ENDPOINT_URL``, ``AWS_S3_REGION_NAME``,
``AWS_S3_CUSTOM_DOMAIN``, ``AWS_LOCATION``, ``AWS_S3_ADDRESSING_STYLE`` and
``AWS_QUERYSTRING_AUTH`` variables say the same. Credentials are never in these: boto3 finds
them itself (``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, or the host's role).
Neither set: the file system, as in development.

``media_url(storage)`` is the bucket's address for ``MEDIA_URL``, so that settings derived
from it (the content security policy's image sources) name the host media come from.

Names are never overwritten in the bucket (``file_overwrite`` off): two uploads called
``photo.jpg`` get two objects, as on disk.
"""

from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
# MEDIA_STORAGE_URL's query parameters, and the S3Storage options they set.
URL_PARAMETERS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "custom_domain": "custom_domain",
    "addressing_style": "addressing_style",
    "signed": "querystring_auth",
}
# The usual environment variables, and the S3Storage options they set.
AWS_VARIABLES = {
    "AWS_STORAGE_BUCKET_NAME": "bucket_name",
    "AWS_LOCATION": "location",
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_S3_CUSTOM_DOMAIN": "custom_domain",
    "AWS_S3_ADDRESSING_STYLE": "addressing_style",
    "AWS_QUERYSTRING_AUTH": "querystring_auth",
}


def storage_settings(environ):
    """The ``STORAGES["default"]`` entry for this environment (see the module docstring)."""
    if environ.get("MEDIA_STORAGE_URL"):
        options = _options_from_url(environ["MEDIA_STORAGE_URL"])
    elif environ.get("AWS_STORAGE_BUCKET_NAME"):
        options = {option: environ[name] for name, option in AWS_VARIABLES.items() if environ.get(name)}
    else:
        return dict(FILE_SYSTEM)
    if "querystring_auth" in options:
        options["querystring_auth"] = options["querystring_auth"].strip().lower() in {"1", "true", "yes", "on"}
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {"querystring_auth": False, "file_overwrite": False, "default_acl": None, **options},
    }


def media_url(storage):
    """The address media are served from by ``storage`` (a ``STORAGES`` entry); None on the file system."""
    if storage["BACKEND"] != S3_BACKEND:
        return None
    options = storage["OPTIONS"]
    bucket, location = options["bucket_name"], options.get("location", "")
    if options.get("custom_domain"):
        base = f"https://{options['custom_domain']}/"
    elif options.get("endpoint_url"):
        endpoint = urlsplit(options["endpoint_url"])
        if options.get("addressing_style") == "virtual":
            base = f"{endpoint.scheme}://{bucket}.{endpoint.netloc}/"
        else:
            base = f"{options['endpoint_url'].rstrip('/')}/{bucket}/"
    else:
        base = f"https://{bucket}.s3.amazonaws.com/"  # as boto3 writes it, whatever the region
    return f"{base}{location}/" if location else base


def _options_from_url(url):
    parts = urlsplit(url)
    # The URL is not repeated in the message: it could hold a secret where none belongs.
    if parts.scheme != "s3" or not parts.netloc or "@" in parts.netloc or ":" in parts.netloc:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL must look like s3://<bucket>[/<prefix>][?<parameters>]; credentials go in "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        )
    options = {"bucket_name": parts.netloc}
    if parts.path.strip("/"):
        options["location"] = parts.path.strip("/")
    try:
        parameters = parse_qsl(parts.query, strict_parsing=bool(parts.query))
    except ValueError as error:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL: parameters are name=value pairs joined by &.") from error
    for name, value in parameters:
        if name not in URL_PARAMETERS:
            known = ", ".join(URL_PARAMETERS)
            raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: unknown parameter {name!r} (known: {known}).")
        options[URL_PARAMETERS[name]] = value
    return options
