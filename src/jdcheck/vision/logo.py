"""Where a brand logo sits in a slot image: shape by masked correlation, colour by mean colour.

Tried on product photos with the logo pasted top-left, top-right, absent, and another brand's logo
with the same icon shape in other colours (tests/vision_fixtures, README "Seeing the pictures"):
- correlation of the logo flattened on grey, per channel: the photo showing through the logo's
  transparent parts pulls true matches down to 0.49–0.53 while texture reaches 0.49: no margin;
- correlation under the logo's own shape (its alpha mask): every true match ≥ 0.5, but another
  brand's logo of the same shape scores as high (0.6);
- both, the masked correlation times a colour factor (1 − distance of the mean colours under the
  mask / 120): true matches ≥ 0.295, everything else ≤ 0.183 (held-apart set, 10 sizes). That
  is what is used.
- then, on a white-background slot image with the logo pasted as `fix --logo` pastes it (0.23):
  the brand name's strokes match only within ~2% of the right size (the 10 sizes are 14% apart),
  and the mask's rim is blended with whatever is behind (white reads as yellow in the green
  channel). Sizes between the best and its neighbours are tried, the rim is left out, and an opaque
  logo (a JPEG on white) keeps its pixels that are more logo than background: true ≥ 0.45, the
  rest ≤ 0.20 (dev and held; a JPEG logo on white: ≥ 0.52 vs ≤ 0.29 top-left).
OpenCV's matchTemplate is not used: it scores flat areas 1.0. Needs numpy only (no OCR).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jdcheck.messages.errors import Failure, Text

FOUND = 0.36  # at or above: the logo is there
UNSURE = 0.22  # between UNSURE and FOUND: something like it
SCALES = 10  # and REFINE sizes between the best of them and each neighbour
# logo width as a share of the slot image's width (50–170 px on a 440 px group-buy image)
MIN_WIDTH, MAX_WIDTH = 50 / 440, 170 / 440
WORK_WIDTH = 440  # larger slot images are matched at this width: the logo is still dozens of pixels
COLOUR_SCALE = 120.0  # mean-colour distance (RGB, 0–441) at which a match counts for nothing
OPAQUE_CORE = 0.5  # an opaque logo's mask: this share of its colours' distance from the background
RIM = True  # leave the logo's one-pixel rim out of the mask (see _resized)
REFINE = 4  # sizes tried between the best grid size and each neighbour (thin strokes need a close size)


class LogoFileError(Failure):
    """The logo file cannot be used (not an image, unreadable, too small)."""


@dataclass(frozen=True)
class Logo:
    rgb: object  # numpy array h×w×3
    mask: object  # numpy array h×w of 0/1: the logo's own pixels
    # Transforms of the logo at each size for one FFT shape: every slot image of a folder has the
    # same size, so they are made once per run (a third of the matcher's time).
    transforms: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    box: tuple[int, int, int, int]  # left, top, right, bottom in the image's pixels
    where: str  # "top_left" | "top_middle" | "top_right"

    @property
    def found(self) -> bool:
        return self.score >= FOUND

    @property
    def unsure(self) -> bool:
        return UNSURE <= self.score < FOUND


_LOADED: dict[tuple[str, int, int], Logo] = {}


def locate_file(image_path: Path, logo_path: Path) -> Match:
    """`locate` with the result kept in the OCR cache by the contents of both pictures: a
    re-check of an unchanged folder neither matches again nor imports numpy."""
    from jdcheck import cache

    key = cache.content_key(Path(image_path).read_bytes() + b"\0logo\0" + Path(logo_path).read_bytes(),
                            f"logo matcher 2 {SCALES} {REFINE} {RIM} {OPAQUE_CORE} {MIN_WIDTH:.4f} {MAX_WIDTH:.4f} {COLOUR_SCALE}")
    hit = cache.load(key, "logo")
    if hit is not None:
        try:
            return Match(max(float(hit["score"]), 0.0) + 0.0, tuple(int(v) for v in hit["box"]), str(hit["where"]))
        except (KeyError, TypeError, ValueError):
            pass
    stat = Path(logo_path).stat()
    stamp = (str(logo_path), stat.st_mtime_ns, stat.st_size)
    if stamp not in _LOADED:
        _LOADED[stamp] = load_logo(Path(logo_path))
    match = locate(image_path, _LOADED[stamp])
    cache.store(key, {"score": match.score, "box": list(match.box), "where": match.where}, "logo")
    return match


def logo_problem(path: Path) -> Text | None:
    """Why the picture at `path` cannot serve as a logo (None: it can), with Pillow alone: the
    folder config is validated at start-up, where numpy is not worth importing."""
    from PIL import Image, ImageChops

    try:
        rgba = _rgba(path)
    except LogoFileError as exc:
        return exc.text
    box = rgba.getchannel("A").point(lambda a: 255 if a > 127 else 0).getbbox()
    if box is not None and box == (0, 0, rgba.width, rgba.height):  # opaque: what differs from the corners
        rgb = rgba.convert("RGB")
        w, h = rgb.size
        corners = [rgb.getpixel(xy) for xy in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))]
        if max(max(c[i] for c in corners) - min(c[i] for c in corners) for i in range(3)) < 30:
            mean = tuple(sum(c[i] for c in corners) // 4 for i in range(3))
            box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, mean)).convert("L").point(
                lambda v: 255 if v > 23 else 0).getbbox()
    if box is None:
        return Text("logo.invisible")
    if min(box[2] - box[0], box[3] - box[1]) < 8:
        return Text("logo.too_small", size=f"{box[2] - box[0]}×{box[3] - box[1]}")
    return None


def _rgba(path: Path):
    """The logo file's picture in RGBA; LogoFileError when it is too large or cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.width * image.height > 25_000_000:
                raise LogoFileError("logo.too_large", size=f"{image.width}×{image.height}")
            image.load()
            return image.convert("RGBA")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        raise LogoFileError("logo.unreadable", error=f"{type(exc).__name__}: {exc}") from None


def load_logo(path: Path) -> Logo:
    """The logo's colours and shape; LogoFileError if it is not a usable image.

    The shape is the alpha channel; a logo saved without transparency (a JPEG on white) takes
    every pixel that differs from its corners' colour."""
    import numpy as np

    array = np.asarray(_rgba(path), dtype=np.float64)
    alpha = array[:, :, 3] > 127
    if alpha.all():
        corners = np.array([array[0, 0, :3], array[0, -1, :3], array[-1, 0, :3], array[-1, -1, :3]])
        if np.ptp(corners, axis=0).max() < 30:
            distance = np.sqrt(((array[:, :, :3] - corners.mean(axis=0)) ** 2).sum(axis=2))
            alpha = distance > 40
            if alpha.any() and OPAQUE_CORE:
                # Pixels blended with the background at the logo's edges are not the logo's colour:
                # as alpha > 127 keeps a transparent logo's pixels that are more logo than not,
                # keep those at least half as far from the background as the logo's own colours.
                alpha = distance > max(40.0, OPAQUE_CORE * float(np.percentile(distance[alpha], 90)))
    if not alpha.any():
        raise LogoFileError("logo.invisible")
    ys, xs = np.nonzero(alpha)
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    if min(bottom - top, right - left) < 8:
        raise LogoFileError("logo.too_small", size=f"{right - left}×{bottom - top}")
    return Logo(array[top:bottom, left:right, :3], alpha[top:bottom, left:right].astype(np.float64))


def locate(image_path: Path, logo: Logo) -> Match:
    """The best place of `logo` in the top half of the picture at `image_path`."""
    from jdcheck.vision import displayed

    return locate_in(displayed(image_path), logo)


def _resized(logo: Logo, width: int, height: int):
    """The logo at `width`×`height` and its mask there: the pixels that are the logo's own through
    and through. The one-pixel rim is left out: there a pasted logo is blended with whatever is
    behind it (white on a white-background slot image, the photo elsewhere) and a logo file saved
    on white (a JPEG) is blended with white: the rim compared the backgrounds, not the logos."""
    import numpy as np
    from PIL import Image

    rgb = Image.fromarray(logo.rgb.astype(np.uint8)).resize((width, height), Image.BILINEAR)
    mask = np.asarray(Image.fromarray((logo.mask * 255).astype(np.uint8)).resize((width, height), Image.BILINEAR)) > 127
    if RIM:
        inner = mask.copy()
        inner[1:, :] &= mask[:-1, :]
        inner[:-1, :] &= mask[1:, :]
        inner[:, 1:] &= mask[:, :-1]
        inner[:, :-1] &= mask[:, 1:]
        mask = inner
    return np.asarray(rgb, dtype=np.float64), mask.astype(np.float64)


def _prepared(logo: Logo, tw: int, th: int, shape: tuple[int, int]):
    """(pixel count, mask transform, per channel (mean, norm, transform of the zero-mean logo))."""
    import numpy as np

    key = (tw, th, shape)
    if key not in logo.transforms:
        rgb, mask = _resized(logo, tw, th)
        n = mask.sum()
        if n < 16:
            logo.transforms[key] = None
        else:
            channels = []
            for c in range(3):
                channel = rgb[:, :, c]
                mean_t = (channel * mask).sum() / n
                t = (channel - mean_t) * mask
                channels.append((mean_t, np.sqrt((t * t).sum()), np.fft.rfft2(t[::-1, ::-1], shape)))
            logo.transforms[key] = (n, np.fft.rfft2(mask[::-1, ::-1], shape), channels)
    return logo.transforms[key]


def locate_in(picture, logo: Logo) -> Match:
    import numpy as np
    from PIL import Image

    width, height = picture.size
    factor = min(1.0, WORK_WIDTH / width)
    if factor < 1.0:
        picture = picture.resize((max(1, round(width * factor)), max(1, round(height * factor))), Image.BILINEAR)
    work = np.asarray(picture, dtype=np.float64)
    h_img, w_img = work.shape[:2]
    ratio = logo.rgb.shape[0] / logo.rgb.shape[1]

    def size(share: float) -> tuple[int, int]:
        tw = max(8, round(w_img * share))
        return tw, max(8, round(tw * ratio))

    shares = [float(share) for share in np.geomspace(MIN_WIDTH, MAX_WIDTH, SCALES)]
    sizes = [size(share) for share in shares]
    fits = [tw < w_img and th < h_img for tw, th in sizes]
    shares = [share for share, ok in zip(shares, fits) if ok]
    sizes = [s for s, ok in zip(sizes, fits) if ok]
    best = best_corner = (-1.0, (0, 0, 1, 1))
    if sizes:
        max_tw = max(s[0] for s in sizes)
        max_th = max(s[1] for s in sizes)
        region = work[: min(h_img, max(h_img // 2, max_th + 1))]
        rh, rw = region.shape[:2]
        shape = (rh + max_th, rw + max_tw)  # one FFT size for every scale: the picture is transformed once
        planes = [np.fft.rfft2(region[:, :, c], shape) for c in range(3)]
        squares = [np.fft.rfft2(region[:, :, c] ** 2, shape) for c in range(3)]

        def scored(tw: int, th: int):
            """(best anywhere, best in the corner) at this size, each (score, box); None if it cannot be."""
            if th > rh:
                return None
            prepared = _prepared(logo, tw, th, shape)
            if prepared is None:
                return None
            n, mask_f, channels = prepared
            window = (slice(th - 1, rh), slice(tw - 1, rw))
            correlation = 0.0
            colour_distance = 0.0
            for c, (mean_t, t_norm, t_f) in enumerate(channels):
                sums = np.fft.irfft2(planes[c] * mask_f, shape)[window]
                sums_sq = np.fft.irfft2(squares[c] * mask_f, shape)[window]
                variance = np.maximum(sums_sq - sums * sums / n, 0.0)
                colour_distance = colour_distance + (sums / n - mean_t) ** 2
                if t_norm < 1e-6:
                    continue  # a channel without structure (a flat grey logo's) tells nothing
                products = np.fft.irfft2(planes[c] * t_f, shape)[window]
                channel_score = products / (np.sqrt(variance) * t_norm + 1e-9)
                channel_score[variance < n * 4.0] = 0.0  # standard deviation under 2 levels: flat
                correlation = correlation + channel_score
            scores = correlation / 3 * np.clip(1 - np.sqrt(colour_distance) / COLOUR_SCALE, 0, 1)
            y, x = np.unravel_index(int(np.argmax(scores)), scores.shape)
            anywhere = (float(scores[y, x]), (int(x), int(y), int(x + tw), int(y + th)))
            corner = scores[:, : max(1, min(scores.shape[1], int(w_img / 3 - tw / 2) + 1))]
            y, x = np.unravel_index(int(np.argmax(corner)), corner.shape)
            return anywhere, (float(corner[y, x]), (int(x), int(y), int(x + tw), int(y + th)))

        results = {}
        for tw, th in sizes:
            results[(tw, th)] = scored(tw, th)
        # Thin strokes (the brand name beside the icon) match only at a size within a few per cent:
        # sizes between the best grid size and its neighbours are tried too.
        graded = [(r[1][0], n) for n, r in enumerate(results[s] for s in sizes) if r is not None]
        if graded and REFINE:
            top = max(graded)[1]
            for low, high in ((max(0, top - 1), top), (top, min(len(shares) - 1, top + 1))):
                for step in range(1, REFINE + 1):
                    extra = size(shares[low] * (shares[high] / shares[low]) ** (step / (REFINE + 1)))
                    if extra not in results and extra[0] <= max_tw and extra[1] <= max_th:
                        results[extra] = scored(*extra)
        for result in results.values():
            if result is None:
                continue
            anywhere, corner = result
            if anywhere[0] > best[0]:
                best = anywhere
            if corner[0] > best_corner[0]:
                best_corner = corner
    # In the corner when it is found there, even if something elsewhere scores higher.
    score, box = best_corner if best_corner[0] >= FOUND or best[0] < FOUND else best
    box = tuple(round(v / factor) for v in box)
    centre = (box[0] + box[2]) / 2
    where = "top_left" if centre < width / 3 else "top_middle" if centre < 2 * width / 3 else "top_right"
    return Match(round(score, 3) if score > 0 else 0.0, box, where)  # never -0.0: it prints as "-0.00"
