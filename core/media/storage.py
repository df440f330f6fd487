"""Where uploaded media live: ``MEDIA_ROOT``, or, with ``AWS_STORAGE_BUCKET_NAME`` set, an
S3-compatible bucket through django-storages, configured by the variables it names
(``AWS_VARIABLES``; ``AWS_QUERYSTRING_AUTH=true`` for signed URLs on a private bucket, plain
public URLs otherwise). Credentials are boto3's to find (environment or the host's role).
Names are never overwritten (``file_overwrite`` off), as on disk.
"""

from urllib.parse import urlsplit

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
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
    """The address ``storage`` serves media from, for ``MEDIA_URL`` and the CSP; None on the file system."""
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
