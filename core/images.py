"""Uploaded images: checked, re-encoded without metadata, and rendered once to WebP.

An upload is accepted only if Pillow opens it as one of ``ALLOWED_FORMATS`` (the
file name and content type are not trusted), it is at most ``MAX_UPLOAD_BYTES``
and ``MAX_PIXELS``, and it decodes completely. Pillow's decompression-bomb
warning is raised as an error. What is stored is a fresh encoding of the pixels,
so EXIF (and with it GPS), XMP and comments of the upload never reach the disk.

Renditions live at paths derived from the image's name (``renditions/<name>-<width>w.webp``),
so no model field records them and a page can list them without a query.
"""

import io
import posixpath
import warnings

from django import forms
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000  # 6000 × 4000, a large camera photo
RENDITION_WIDTHS = (480, 960, 1600)
THUMBNAIL_WIDTH = 160
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class ImageRefused(Exception):
    """The plain reason an upload is refused; shown to the editor as a form error."""


def _open(data):
    """Open and fully decode ``data``; raise ImageRefused with the reason otherwise."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            width, height = image.size
            if width * height > MAX_PIXELS:
                limit = MAX_PIXELS // 1_000_000
                raise ImageRefused(f"The image is {width} × {height} pixels; at most {limit} megapixels are accepted.")
            image.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ImageRefused("The image declares more pixels than are accepted (a decompression bomb).") from error
    except Image.UnidentifiedImageError as error:
        raise ImageRefused("The file is not a JPEG, PNG or WebP image.") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRefused("The image is damaged or incomplete and cannot be read.") from error
    return image


def clean_upload(uploaded, name_stem="image"):
    """Check an uploaded file and return it re-encoded as a ``ContentFile`` ready to store."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        size, limit = uploaded.size / 1024 / 1024, MAX_UPLOAD_BYTES // 1024 // 1024
        raise ImageRefused(f"The file is {size:.1f} MB; at most {limit} MB are accepted.")
    uploaded.seek(0)
    data = uploaded.read()
    image = _open(data)
    image_format = image.format
    icc_profile = image.info.get("icc_profile")
    # Apply the EXIF orientation before the EXIF block is dropped, or photos turn sideways.
    image = ImageOps.exif_transpose(image)
    # A new image from the pixels alone: info (EXIF, XMP, comments, text chunks) stays behind.
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("PA", "P") else "RGB")
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    output = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        pixels.save(output, "JPEG", quality=88, optimize=True, **options)
    elif image_format == "WEBP":
        pixels.save(output, "WEBP", quality=88, **options)
    else:
        pixels.save(output, "PNG", optimize=True, **options)
    return ContentFile(output.getvalue(), name=f"{name_stem}.{EXTENSIONS[image_format]}")


def rendition_name(image_name, width):
    stem = posixpath.splitext(image_name)[0]
    return f"renditions/{stem}-{width}w.webp"


def make_renditions(field_file):
    """Write the WebP renditions of a stored image (once, when it is saved); returns their names."""
    storage = field_file.storage
    with storage.open(field_file.name, "rb") as stored:
        image = _open(stored.read())
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.mode in ("LA", "PA", "P") else "RGB")
    names = []
    for width in (THUMBNAIL_WIDTH, *RENDITION_WIDTHS):
        if width > image.width and width != THUMBNAIL_WIDTH:
            continue
        copy = image.copy()
        copy.thumbnail((width, image.height))
        output = io.BytesIO()
        copy.save(output, "WEBP", quality=82)
        name = rendition_name(field_file.name, width)
        if storage.exists(name):
            storage.delete(name)
        names.append(storage.save(name, ContentFile(output.getvalue())))
    return names


def renditions(field_file):
    """``(width, url)`` of the renditions a page may use in ``srcset``, smallest first."""
    if not field_file:
        return []
    storage = field_file.storage
    found = []
    for width in RENDITION_WIDTHS:
        name = rendition_name(field_file.name, width)
        if storage.exists(name):
            found.append((width, storage.url(name)))
    return found


def thumbnail_url(field_file):
    if not field_file:
        return None
    name = rendition_name(field_file.name, THUMBNAIL_WIDTH)
    return field_file.storage.url(name) if field_file.storage.exists(name) else field_file.url


class SafeImageField(forms.FileField):
    """A form field for lead images: see the module docstring for what it accepts."""

    default_error_messages = {"refused": "%(reason)s"}

    def __init__(self, *, name_stem="image", **kwargs):
        self.name_stem = name_stem
        # The model field passes its own (empty) help text; ours says what is accepted.
        kwargs["help_text"] = kwargs.get("help_text") or (
            f"JPEG, PNG or WebP, at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB and "
            f"{MAX_PIXELS // 1_000_000} megapixels. Stored without its metadata (EXIF, GPS, comments)."
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", "image/jpeg,image/png,image/webp")
        return attrs

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        stem = posixpath.splitext(posixpath.basename(uploaded.name or ""))[0] or self.name_stem
        try:
            return clean_upload(uploaded, name_stem=stem)
        except ImageRefused as refusal:
            raise forms.ValidationError(
                self.error_messages["refused"], code="refused", params={"reason": str(refusal)}
            ) from refusal
