"""Where uploaded media live: the local ``MEDIA_ROOT``, or an S3-compatible bucket.

``storage_settings(environ)`` is the ``STORAGES["default"]`` entry the settings use. With
``AWS_STORAGE_BUCKET_NAME`` set it is S3 through django-storages, configured by the variables
django-storages itself names: ``AWS_S3_ENDPOINT_URL`` for a provider other than AWS (MinIO,
Ceph, Scaleway, …), ``AWS_S3_REGION_NAME``, ``AWS_S3_CUSTOM_DOMAIN`` for a CDN in front of the
bucket, ``AWS_LOCATION`` (a prefix), ``AWS_S3_ADDRESSING_STYLE`` and ``AWS_QUERYSTRING_AUTH``
(``true`` for expiring signed URLs on a private bucket; by default URLs are plain: the bucket,
or its CDN, serves media publicly). Credentials are never in these: boto3 finds them itself
(``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, or the host's role). Unset: the file
system, as in development.

``media_url(storage)`` is the bucket's address for ``MEDIA_URL``, so that settings derived
from it (the content security policy's image sources) name the host media come from.

Names are never overwritten in the bucket (``file_overwrite`` off): two uploads called
``photo.jpg`` get two objects, as on disk.
"""

from urllib.parse import urlsplit

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
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
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return dict(FILE_SYSTEM)
    options = {option: environ[name] for name, option in AWS_VARIABLES.items() if environ.get(name)}
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
