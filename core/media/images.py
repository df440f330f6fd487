"""Uploaded images: decoded whole by Pillow within limits (any failure a refusal, never a server error),
stored as a fresh encoding of the pixels, so no EXIF, GPS or appended data, and rendered once to WebP.
The stored name records the pixel size (``summit-1200x800.png``) and renditions' names derive from it,
so a page lists them without a storage query."""

import contextlib
import io
import logging
import posixpath
import re
import warnings

from django import forms
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
STORED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}  # an MPO keeps its first picture
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000  # 6000 × 4000, a large camera photo
RENDITION_WIDTHS = (480, 960, 1600)
THUMBNAIL_WIDTH = 160
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# No "optimize" for JPEG: libjpeg would buffer the whole image once more to save a few percent.
SAVE_OPTIONS = {"JPEG": {"quality": 88}, "PNG": {"optimize": True}, "WEBP": {"quality": 88}}
# "<stem>-<width>x<height>.<ext>", perhaps with the suffix a storage adds to keep names unique.
SIZED_NAME = re.compile(r"-(\d+)x(\d+)(?:_[A-Za-z0-9]+)?\.[a-z]+$")

NOT_AN_IMAGE = "The file is not a JPEG, PNG or WebP image."
DAMAGED = "The image is damaged or incomplete and cannot be read."
BOMB = "The image declares more pixels than are accepted (a decompression bomb)."


class ImageRefused(Exception):
    """The reason an upload is refused, shown to the editor."""


@contextlib.contextmanager
def _refusing_failures():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ImageRefused:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ImageRefused(BOMB) from error
    except Image.UnidentifiedImageError as error:
        raise ImageRefused(NOT_AN_IMAGE) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRefused(DAMAGED) from error
    except Exception as error:
        # Still the editor's file that failed; logged in case it is a bug of ours.
        logger.warning("An image failed to decode or encode unexpectedly", exc_info=True)
        raise ImageRefused(DAMAGED) from error


def _open(file):
    image = Image.open(file, formats=ALLOWED_FORMATS)
    width, height = image.size
    if width * height > MAX_PIXELS:
        limit = MAX_PIXELS // 1_000_000
        raise ImageRefused(f"The image is {width} × {height} pixels; at most {limit} megapixels are accepted.")
    image.load()
    return image


def _storable(image, stored_format):
    """``(image, icc_profile)``: the pixels upright, in a mode ``stored_format`` holds, without metadata
    (only an RGB or grey profile kept)."""
    # Apply the EXIF orientation before the EXIF block is dropped, or photos turn sideways.
    ImageOps.exif_transpose(image, in_place=True)
    icc_profile = image.info.get("icc_profile")
    if image.mode == "CMYK":
        # A CMYK profile would mislead a reader's browser about RGB pixels.
        image, icc_profile = image.convert("RGB"), None
    elif image.mode.startswith("I"):
        # 16-bit samples, scaled to 8 bits: a plain conversion would clip them to white.
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode not in ("RGB", "RGBA", "L", "LA") or "transparency" in image.info:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if stored_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # EXIF, XMP, comments, text chunks: encoders fall back on info for some of them.
    image.info = {}
    return image, icc_profile


def clean_upload(uploaded, name_stem="image"):
    if uploaded.size > MAX_UPLOAD_BYTES:
        size, limit = uploaded.size / 1024 / 1024, MAX_UPLOAD_BYTES // 1024 // 1024
        raise ImageRefused(f"The file is {size:.1f} MB; at most {limit} MB are accepted.")
    uploaded.seek(0)
    output = io.BytesIO()
    with _refusing_failures():
        image = _open(uploaded)
        stored_format = STORED_FORMATS[image.format]
        image, icc_profile = _storable(image, stored_format)
        options = {"icc_profile": icc_profile} if icc_profile else {}
        image.save(output, stored_format, **SAVE_OPTIONS[stored_format], **options)
    width, height = image.size
    # A short stem, so that a storage never trims the size off the name to fit the field's 100 characters.
    name = f"{name_stem[:40]}-{width}x{height}.{EXTENSIONS[stored_format]}"
    return ContentFile(output.getvalue(), name=name)


def stored_size(image_name):
    match = SIZED_NAME.search(image_name)
    return (int(match[1]), int(match[2])) if match else None


def rendition_widths(image_width):
    return [width for width in RENDITION_WIDTHS if width <= image_width]


def rendition_name(image_name, width):
    return f"renditions/{posixpath.splitext(image_name)[0]}-{width}w.webp"


def make_renditions(field_file):
    storage = field_file.storage
    with storage.open(field_file.name, "rb") as stored, _refusing_failures():
        image = _open(stored)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    original_width, original_height = image.size
    # Largest first, each made from the one before: one smaller copy at a time beside the original.
    for width in sorted({THUMBNAIL_WIDTH, *rendition_widths(original_width)}, reverse=True):
        if width < image.width:
            height = max(1, round(original_height * width / original_width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, "WEBP", quality=82)
        name = rendition_name(field_file.name, width)
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(output.getvalue()))


def renditions(field_file):
    """The widths of the renditions in the storage (for the admin)."""
    if not field_file:
        return []
    return [width for width in RENDITION_WIDTHS if field_file.storage.exists(rendition_name(field_file.name, width))]


def srcset(field_file):
    """The renditions, and the image itself when wider, from its name alone (no storage query)."""
    size = stored_size(field_file.name)
    if not size:
        return ""
    storage, width = field_file.storage, size[0]
    candidates = [(storage.url(rendition_name(field_file.name, each)), each) for each in rendition_widths(width)]
    if candidates and width > candidates[-1][1]:
        candidates.append((field_file.url, width))
    return ", ".join(f"{url} {each}w" for url, each in candidates)


def thumbnail_url(field_file):
    if not field_file:
        return None
    name = rendition_name(field_file.name, THUMBNAIL_WIDTH)
    return field_file.storage.url(name) if field_file.storage.exists(name) else field_file.url


class SafeImageField(forms.FileField):
    def __init__(self, **kwargs):
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
        stem = posixpath.splitext(posixpath.basename(uploaded.name or ""))[0] or "image"
        try:
            return clean_upload(uploaded, name_stem=stem)
        except ImageRefused as refusal:
            raise forms.ValidationError(str(refusal), code="refused") from refusal
