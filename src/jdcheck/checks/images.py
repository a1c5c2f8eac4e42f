"""I codes: images, judged as displayed (after EXIF orientation) and by exact byte count."""

from __future__ import annotations

from jdcheck.checks import check
from jdcheck.findings import Hit
from jdcheck.messages import Term

# Modes browsers and JD's pages render faithfully; anything else (CMYK, LAB, YCbCr…) is I006.
# A 16-bit greyscale PNG (Pillow's "I;16") is shown as the grey it is: browsers read PNG's
# 16-bit samples and draw them at 8 bits.
RGB_LIKE = {"RGB", "RGBA", "RGBX", "L", "LA", "P", "PA", "1", "I;16", "I;16B", "I;16L", "I"}


def _size(size) -> str:
    return "{}×{}".format(*size)


def _kb(byte_size: int) -> str:
    return f"{byte_size / 1024:.1f} KB ({byte_size:,} B)"


@check("I001", "image", gate=True)
def unreadable_image(img, opt, ctx):
    """The image cannot be read: empty, not an image, truncated, corrupt, or over the pixel limit.
    It shows as a broken picture. Fails: a JPEG cut off mid-download. Passes: a complete JPEG."""
    info = img.info
    yield Hit(variant=info.error, actual=Term(f"read_{info.error}"), params={"detail": info.error_detail or info.error})


@check("I002", "image")
def wrong_pixel_size(img, opt, ctx):
    """Not exactly the slot's width × height as displayed. Managers' pages crop or stretch anything
    else. Fails: 800×800 for a group-buy slot. Passes: 440×293."""
    spec = img.spec
    if spec is None or spec.width is None or spec.height is None:
        return
    if img.info.display_size != (spec.width, spec.height):
        yield Hit(expected=_size((spec.width, spec.height)), actual=_size(img.info.display_size))


@check("I003", "image")
def file_too_large(img, opt, ctx):
    """Byte size at or over the limit (1 KB = 1024 bytes, as Windows Explorer counts).
    Fails: 51,200 bytes for "under 50 KB". Passes: 51,199 bytes."""
    spec = img.spec
    if spec is None or spec.max_bytes is None:
        return
    if img.info.byte_size > spec.max_bytes:
        yield Hit(expected=f"< {spec.max_kb:g} KB", actual=_kb(img.info.byte_size),
                  variant=_smaller_how(img.info.format, spec.formats),
                  params={"format": img.info.format, "limit": f"{spec.max_kb:g} KB"})


def _smaller_how(true_format: str | None, allowed: tuple[str, ...]) -> str | None:
    """Which fix makes this file smaller: JPEG quality for a JPEG; for a PNG (lossless, so no
    quality to lower) fewer colours, or JPEG when the slot takes it."""
    if true_format in (None, "JPEG", "MPO"):
        return None
    if true_format == "PNG":
        return "png" if "JPEG" in allowed else "png_only"
    return "convert" if "JPEG" in allowed else None


@check("I004", "image")
def size_on_the_edge(img, opt, ctx):
    """Under the limit at 1 KB = 1024 bytes but over it at 1 KB = 1000: another checker rejects it.
    Fails (warning): 50,500 bytes for "under 50 KB". Passes: 49,000 bytes."""
    spec = img.spec
    if spec is None or spec.max_bytes is None:
        return
    decimal_limit = int(spec.max_kb * 1000)
    if decimal_limit <= img.info.byte_size <= spec.max_bytes:
        yield Hit(expected=f"< {decimal_limit:,}", actual=f"{img.info.byte_size:,}",
                  params={"kb": f"{spec.max_kb:g}", "safe": f"{decimal_limit:,}"})


@check("I005", "image")
def format_not_allowed(img, opt, ctx):
    """A format the slot does not take, or an extension that lies about the format (a PNG named
    .jpg), which upload forms refuse. Fails: banner.webp; a PNG saved as 100012043978.jpg.
    Passes: a JPEG named .jpg."""
    info = img.info
    allowed = img.spec.formats if img.spec is not None else None
    true_format = "JPEG" if info.format == "MPO" else info.format
    if allowed is not None and true_format not in allowed:
        yield Hit(expected="/".join(allowed), actual=info.format)
    elif not info.format_matches_extension:
        # SPEC: an error for every image, screenshots too (`jdcheck fix` renames them)
        yield Hit(variant="extension", actual=info.format, expected=info.extension_format,
                  params={"extension": img.path.suffix, "extension_format": info.extension_format or "?"})


@check("I006", "image")
def non_rgb_mode(img, opt, ctx):
    """CMYK or another non-RGB colour mode: browsers show such JPEGs with wrong colours.
    Fails: a CMYK JPEG from a print workflow. Passes: RGB."""
    if img.info.mode not in RGB_LIKE:
        yield Hit(expected="RGB", actual=img.info.mode)


@check("I007", "image")
def exif_orientation(img, opt, ctx):
    """An EXIF orientation tag other than 1: the stored size differs from the displayed size, and
    viewers that ignore the tag show it rotated. Fails: a phone photo with orientation 6."""
    info = img.info
    if info.orientation not in (None, 1):
        yield Hit(actual=_size(info.display_size), params={"orientation": info.orientation,
                                                            "stored": _size(info.stored_size)})


@check("I008", "image")
def animated_image(img, opt, ctx):
    """An animated GIF/WebP/APNG where a still image is required. Fails: an animated banner.gif."""
    if img.spec is not None and img.spec.still and img.info.animated:
        yield Hit(expected=Term("still_image"), actual=Term("animated_image"))
