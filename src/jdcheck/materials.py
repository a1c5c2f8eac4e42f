"""Walk a submission folder, give each file its role, and open materials lazily.

Nothing here writes: the folder is only listed and read. Files are opened on first use and at
most once (cached), so a check run reads each image header and the spreadsheet one time.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jdcheck.rulefile import ImageSpec, RuleSet

SKU_NAME = re.compile(r"^(\d{6,14})(?:_.*)?$")
# A SKU in a screenshot's name, wherever the operator put it: 款式截图-100012043978.jpg,
# 款式截图 100012043978.jpg, 100012043978_款式截图.png (a run of 6–14 digits, no digit beside it).
SKU_IN_NAME = re.compile(r"(?<![0-9])([0-9]{6,14})(?![0-9])")
# A run of digits that is a date or a time stamp, not a SKU: 款式截图20261127.png, QQ截图20261127103015.png.
DATE_DIGITS = re.compile(r"20[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?:(?:[01][0-9]|2[0-3])[0-5][0-9](?:[0-5][0-9])?)?")
PARALLEL_IMAGES = 400  # starting workers and shipping results back costs tens of ms: worth it for hundreds


@dataclass(slots=True)
class Skipped:
    """A path the walk did not take, and why (a link out of the folder, an unreadable folder)."""

    rel: str
    reason: str  # "link_outside" | "unreadable" | "too_deep" | "too_many" | "special" | "page_files_alone"


# Screenshots whose role a file name can give (SPEC §2). An image named as screenshot tools name
# their files (QQ截图2026…, Snipaste_…) has the role UNKNOWN_SCREENSHOT until something reads its
# content (resolve_screenshot_roles); it is never a slot image.
NAMED_SCREENSHOT_ROLES = ("style_screenshot", "promo_screenshot")
UNKNOWN_SCREENSHOT = "screenshot"


class Material:
    """One file of the submission with its role.

    `role_from` says how the role was found: "name" (the walk, from the file name) or
    "content" (a RoleReader read the picture, see resolve_screenshot_roles)."""

    kind = "file"

    def __init__(self, path: Path, rel: str, role: str | None):
        self.path = path
        self.rel = rel
        self.role = role
        self.role_from = "name"

    # Cached: the checks ask for every image's SKU several times (M104, M105...).
    @cached_property
    def name(self) -> str:
        return self.rel.rpartition("/")[2]

    @cached_property
    def stem(self) -> str:
        return _split_name(self.name)[0]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.rel!r}, role={self.role!r})"


class ImageMaterial(Material):
    kind = "image"

    def __init__(self, path: Path, rel: str, role: str, spec: ImageSpec | None):
        super().__init__(path, rel, role)
        self.spec = spec

    # Set while Submission.inspecting_images runs: the workers reading this image.
    _background: _BackgroundInspection | None = None

    @cached_property
    def info(self):
        if self._background is not None:
            return self._background.info(self)
        return self.inspect()

    def inspect(self):
        from jdcheck.images import inspect_image

        return inspect_image(self.path, max_pixels=_max_pixels(self.spec), integrity=self.integrity)

    def task(self) -> tuple[Path, int, str]:
        return self.path, _max_pixels(self.spec), self.integrity

    @property
    def integrity(self) -> str:
        """How far the file is checked (jdcheck.images.Integrity). A slot image's pixels are what
        JD shows: "decode" refuses all that a decoder would refuse, the cheapest way per format (a
        JPEG walked as libjpeg reads it, 0.04 ms; a PNG inflated). A screenshot's pixels no check
        reads, and inflating a 1280×720 PNG costs ~6 ms: "structure" reads every byte through the
        PNG chunk CRCs or the same JPEG walk, nothing decompressed (README, "Image integrity")."""
        return "structure" if self.role.endswith("screenshot") else "decode"

    @property
    def sku(self) -> str | None:
        """The SKU the name gives: the one rule for which row a picture goes with (M105 checks it,
        `jdcheck compose` sends by it, pictures_of_row).

        A slot image's name leads with it (`<SKU>.jpg`, `<SKU>_主图.jpg`, M104). Spaces around it
        ("100012043978 .jpg", invisible in Explorer) do not hide it: the image still belongs to
        its row, and M104 asks for the rename. A screenshot's name may hold it anywhere, as
        operators write it (款式截图-<SKU>.jpg, 款式截图 <SKU>.jpg, <SKU>_款式截图.png): the one
        run of 6–14 digits that is not a date or time stamp; none, or two, and it names no SKU
        (款式截图.jpg serves every row). Only a name the operator gave: a screenshot whose role was
        read from its content kept its tool's name (屏幕截图 2026-11-27 103015.png), whose digits
        are a time."""
        if self.role.endswith("screenshot") and self.role_from == "content":
            return None
        return self._name_sku

    # Cached: the checks ask for every image's SKU several times (M104, M105...).
    @cached_property
    def _name_sku(self) -> str | None:
        if self.role.endswith("screenshot"):  # a screenshot stays one when its role is read (resolve_screenshot_roles)
            runs = [run for run in SKU_IN_NAME.findall(self.stem) if not DATE_DIGITS.fullmatch(run)]
            return runs[0] if len(runs) == 1 else None
        match = SKU_NAME.match(self.stem.strip())
        return match.group(1) if match else None


def pictures_of_row(sku: str | None, pictures: Sequence[ImageMaterial], shared: bool) -> list[ImageMaterial]:
    """The pictures that go with the sheet row of `sku`: those whose name gives its SKU; else,
    when the pictures may serve several rows (`shared`: a style screenshot, not a slot image,
    which shows one SKU), those whose name gives no SKU (one 款式截图.jpg for all rows). A picture
    naming another SKU, in the sheet or not, never goes with this row. M105 reports a row this
    leaves without a picture; `jdcheck compose` sends what it gives."""
    own = [m for m in pictures if sku and m.sku == sku]
    if own or not shared:
        return own
    return [m for m in pictures if m.sku is None]


# An image no rule describes (a screenshot, an extra picture) gets the rules' default bound. Read
# off the field, not from ImageSpec(): that would build the model's validator, 18 ms of every
# check, for one number (rule sets come validated from the cache, so nothing else builds it).
_DEFAULT_MAX_PIXELS: int = ImageSpec.model_fields["max_pixels"].default


def _max_pixels(spec: ImageSpec | None) -> int:
    return spec.max_pixels if spec else _DEFAULT_MAX_PIXELS


def _inspect_chunk(tasks: list[tuple[Path, int, str]]) -> list[tuple]:
    """Run in a worker process: the ImageInfo of each (path, max_pixels, integrity), as the tuple
    of its fields after the path. The path is the one this process sent: shipping it back as a
    Path made unpickling 2,000 answers cost 14 ms of this process's time instead of 3."""
    from jdcheck.images import inspect_image

    infos = (inspect_image(path, max_pixels=max_pixels, integrity=integrity) for path, max_pixels, integrity in tasks)
    return [info.fields_after_path() for info in infos]


class _BackgroundInspection:
    """Images read in chunks by worker processes while this process does other work.

    When a check asks for an image whose chunk is not read yet, this process stops waiting and
    takes back the chunks no worker has started, from the last one, reading them itself: with
    one worker and the spreadsheet read here, all cores stay busy whichever side takes longer.
    A worker that fails (killed, out of memory) costs time, never a finding: its chunk is read
    here as well."""

    CHUNKS_PER_WORKER = 16  # small enough to take back, large enough to ship in few messages

    def __init__(self, pool, images: list[ImageMaterial], jobs: int):
        size = max(16, -(-len(images) // (jobs * self.CHUNKS_PER_WORKER)))
        self.chunks = [images[start : start + size] for start in range(0, len(images), size)]
        self.futures = [pool.submit(_inspect_chunk, [m.task() for m in chunk]) for chunk in self.chunks]
        self.answers: list[list | None] = [None] * len(self.chunks)
        self.where: dict[int, tuple[int, int]] = {
            id(material): (number, index)
            for number, chunk in enumerate(self.chunks)
            for index, material in enumerate(chunk)
        }

    def info(self, material: ImageMaterial):
        number, index = self.where[id(material)]
        if self.answers[number] is None:
            if not self.futures[number].done():
                self._take_back(until=number)
            self.answers[number] = self._answer(number)
        return self.answers[number][index]

    def _take_back(self, until: int) -> None:
        """Read here the chunks no worker has started, from the last, until chunk `until` is done."""
        for number in range(len(self.chunks) - 1, -1, -1):
            if self.futures[until].done():
                return
            if self.answers[number] is None and self.futures[number].cancel():
                self.answers[number] = self._read_here(number)

    def _answer(self, number: int) -> list:
        if self.futures[number].cancelled():
            return self._read_here(number)
        try:
            answers = self.futures[number].result()
        except Exception:  # noqa: BLE001 - a worker died or failed: read the chunk here
            return self._read_here(number)
        from jdcheck.images import ImageInfo

        return [ImageInfo(material.path, *fields) for material, fields in zip(self.chunks[number], answers)]

    def _read_here(self, number: int) -> list:
        return [material.inspect() for material in self.chunks[number]]


class SheetMaterial(Material):
    kind = "sheet"

    def __init__(self, path: Path, rel: str, rules: RuleSet):
        super().__init__(path, rel, "spreadsheet")
        self._rules = rules

    @cached_property
    def opened(self) -> tuple[Any, Any]:
        """(Workbook, None) or (None, SheetReadError)."""
        from jdcheck.sheets import SheetReadError, read_workbook

        try:
            return read_workbook(self.path), None
        except SheetReadError as exc:
            return None, exc
        except OSError as exc:  # vanished or unreadable between the walk and now
            return None, SheetReadError("unreadable", f"cannot read the file ({exc.strerror or exc})")

    @property
    def error(self):
        return self.opened[1]

    @cached_property
    def table(self):
        from jdcheck.table import build_table

        workbook = self.opened[0]
        if workbook is None or self._rules.spreadsheet is None:
            return None
        return build_table(workbook, self._rules.spreadsheet, self._rules.type)


class LinksMaterial(Material):
    """links.txt or a Windows .url shortcut."""

    kind = "links"

    @cached_property
    def opened(self) -> tuple[list, str | None]:
        """([LinkLine…], None) or ([], reason)."""
        from jdcheck.links import LinkFileError, LinkLine, classify_link, read_links_txt, read_url_shortcut

        try:
            if self.path.suffix.lower() == ".url":
                url = read_url_shortcut(self.path)
                if url is None:
                    return [], "no URL= line in [InternetShortcut]"
                return [LinkLine(line=None, label=None, link=classify_link(url))], None
            return read_links_txt(self.path), None
        except LinkFileError as exc:
            return [], exc.detail
        except OSError as exc:
            return [], exc.strerror or str(exc)


class EmailMaterial(Material):
    kind = "email"

    @cached_property
    def opened(self):
        from jdcheck.emails import EmailReadError, read_email

        try:
            return read_email(self.path), None
        except EmailReadError as exc:
            return None, exc
        except OSError as exc:
            return None, EmailReadError(exc.strerror or str(exc))


class HtmlMaterial(Material):
    """A shop decoration page: .html/.htm, or a single-file .mhtml/.mht page."""

    kind = "html"

    @cached_property
    def opened(self):
        """(htmlpage.Page, None) or (None, reason)."""
        from jdcheck.htmlpage import HtmlReadError, read_page

        try:
            return read_page(self.path), None
        except HtmlReadError as exc:
            return None, exc.detail
        except OSError as exc:
            return None, exc.strerror or str(exc)


@dataclass(slots=True)
class LinkRef:
    """A link somewhere in the submission and what it is supposed to be."""

    link: Any  # links.Link
    expect: str  # "product" | "shop" | "any"
    file: str
    row: int | None
    column: str | None
    sku: str | None = None  # the row's SKU, for L004
    source: str = "sheet"  # "sheet" | "links_txt" | "url" | "page": where the link was given


# Reads the role of screenshots from their content: (submission, unknown screenshots) -> {rel: role}.
RoleReader = Callable[["Submission", list[Material]], Mapping[str, str]]


@dataclass
class Submission:
    folder: Path
    rules: RuleSet
    materials: list[Material] = field(default_factory=list)
    strays: list[Material] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    _index_key: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)
    _index_cache: tuple[dict, dict] = field(default=({}, {}), init=False, repr=False, compare=False)

    def of_role(self, role: str) -> list[Material]:
        return list(self._index()[0].get(role, ()))

    def unknown_screenshots(self) -> list[Material]:
        """Screenshots whose role neither the name nor a RoleReader told, in a type where the
        role matters (a channel submission takes any screenshot: there, none is unknown)."""
        if not any(role in self.rules.materials for role in NAMED_SCREENSHOT_ROLES):
            return []
        return self.of_role(UNKNOWN_SCREENSHOT)

    def resolve_screenshot_roles(self, readers: Sequence[RoleReader] = ()) -> None:
        """Give screenshots of unknown role the role their content shows, before any check runs.

        The one place where roles change after the walk. Each reader (the vision extra's OCR,
        SPEC §7) gets the submission and the screenshots still unknown and returns
        {rel: role} for those it could tell; only the named screenshot roles of this type are
        taken. What no reader tells stays UNKNOWN_SCREENSHOT, and M101/M106 name those files.
        A reader does not raise for a picture it cannot read: it leaves it out of its answer."""
        for reader in readers:
            unknown = self.unknown_screenshots()
            if not unknown:
                return
            by_rel = {m.rel: m for m in unknown}
            for rel, role in reader(self, unknown).items():
                material = by_rel.get(rel)
                if material is not None and role in NAMED_SCREENSHOT_ROLES and role in self.rules.materials:
                    material.role, material.role_from = role, "content"
            self._index_key = None  # roles changed: rebuild the index

    def of_kind(self, kind: str) -> list[Material]:
        return list(self._index()[1].get(kind, ()))

    def _index(self) -> tuple[dict[str, list[Material]], dict[str, list[Material]]]:
        """Materials by role and by kind. Checks ask for `sheet` once per row: filtering the
        list each time made a 2,000-image folder quadratic (0.7 s). Rebuilt if the list changed."""
        key = (id(self.materials), len(self.materials))
        if self._index_key != key:
            by_role: dict[str, list[Material]] = {}
            by_kind: dict[str, list[Material]] = {}
            for material in self.materials:
                by_role.setdefault(material.role, []).append(material)
                by_kind.setdefault(material.kind, []).append(material)
            self._index_cache, self._index_key = (by_role, by_kind), key
        return self._index_cache

    @contextmanager
    def inspecting_images(self) -> Iterator[None]:
        """Read every image's header and integrity in worker processes while the block runs.

        A large folder's images are read on the other cores while this process reads the
        spreadsheet and runs its checks; an image's `info` waits for its worker's answer when a
        check first asks. From PARALLEL_IMAGES images on; below that, starting workers and
        shipping answers back costs more than it saves, and each image is read on first use.
        Needs fork (workers inherit what is imported; spawning a fresh interpreter per worker
        costs more than the work): elsewhere, and on one core, images are read here.
        """
        pending = [m for m in self.of_kind("image") if "info" not in m.__dict__]
        # This process keeps a core: it reads the spreadsheet meanwhile, and takes back what no
        # worker has started when it is done first.
        jobs = min((os.cpu_count() or 1) - 1, 4)
        if len(pending) < PARALLEL_IMAGES or jobs < 1:
            yield
            return
        import multiprocessing

        from jdcheck.workers import process_pool

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            yield
            return
        with process_pool(jobs, context) as pool:
            try:
                background = _BackgroundInspection(pool, pending, jobs)
                for material in pending:
                    material._background = background
                yield
            finally:
                for material in pending:
                    material._background = None  # answers taken stay cached in `info`

    @property
    def sheet(self) -> SheetMaterial | None:
        """The spreadsheet the submission is judged on: the first one (M102 flags the others)."""
        sheets = self.of_kind("sheet")
        return sheets[0] if sheets else None  # type: ignore[return-value]

    @property
    def table(self):
        sheet = self.sheet
        return sheet.table if sheet is not None else None

    @property
    def file_count(self) -> int:
        return len(self.materials) + len(self.strays)

    @cached_property
    def link_refs(self) -> list[LinkRef]:
        """Every link of the submission: link columns of the sheet, links.txt lines, .url files."""
        refs: list[LinkRef] = []
        table = self.table
        if table is not None:
            file = self.sheet.rel
            columns: dict[str, tuple[str, str]] = {}  # key → (what the column expects, its header): once per column
            for row in table.rows:
                sku = row.value("sku")
                for key, link in row.links.items():
                    if key not in columns:
                        kind = table.column(key).kind
                        columns[key] = {"product_link": "product", "shop_link": "shop"}.get(kind, "any"), table.header_text(key)
                    expect, header = columns[key]
                    refs.append(LinkRef(link, expect, file, row.number, header, sku))
        for material in self.of_kind("links"):
            lines, _ = material.opened
            source = "url" if material.path.suffix.lower() == ".url" else "links_txt"
            for line in lines:
                refs.append(LinkRef(line.link, _expect_from_label(line.label, material), material.rel, line.line, None,
                                    source=source))
        return refs

    @cached_property
    def misnamed_links_files(self) -> list[Material]:
        """Stray text files that hold links (店铺链接.txt, 链接.txt): only the rule file's
        `links_files` names (links.txt) are read as links (SPEC §2), so these links are not
        checked and a shop link in them is not found; M101 and M103 ask for the rename."""
        if "links" not in self.rules.materials:
            return []
        from jdcheck.links import LinkFileError, read_links_txt

        found = []
        for material in self.strays:
            if material.path.suffix.lower() != ".txt":
                continue
            try:
                lines = read_links_txt(material.path)
            except LinkFileError:
                continue  # unreadable or too large: a stray file like any other
            if any(line.link.kind != "invalid" for line in lines):
                found.append(material)
        return found

    @cached_property
    def page_link_refs(self) -> list[LinkRef]:
        """Every link of the decoration pages (resolved against the page's address), with the
        page's line. Kept apart from link_refs: a page's links are judged by H001/H002, not as
        the product and shop links the manager asked for; L005 compares both."""
        from jdcheck.links import classify_link

        refs: list[LinkRef] = []
        for material in self.of_kind("html"):
            page, _ = material.opened
            for anchor in page.links_away() if page is not None else ():
                refs.append(LinkRef(classify_link(anchor.url or anchor.href), "any", material.rel, anchor.line, None,
                                    source="page"))
        return refs


def _expect_from_label(label: str | None, material: Material) -> str:
    text = (label or "").lower()
    if any(word in text for word in ("店铺", "shop", "store")):
        return "shop"
    if any(word in text for word in ("商品", "product", "item", "sku")):
        return "product"
    return "any"


# ── the walk ─────────────────────────────────────────────────────────────────────────────────


def scan(folder: Path, rules: RuleSet, logo: Path | None = None) -> Submission:
    """List the folder recursively and classify every file; never follows links out of it. The
    brand's logo file (`logo`, given as --logo, or the nearest jdcheck.yaml's `logo:`) is not
    seen when it is kept in the folder: it is no slot image to measure and fix."""
    from jdcheck.config import brand_logos

    submission = Submission(folder, rules)
    root = folder.resolve()
    budget = [rules.folder.max_files]
    _walk(folder, root, "", 0, rules, submission, budget, visited={root},
          logos=frozenset(path for path in brand_logos(folder, logo) if path.is_relative_to(root)))
    submission.materials.sort(key=lambda m: m.rel)
    submission.strays.sort(key=lambda m: m.rel)
    return submission


def _walk(directory: Path, root: Path, prefix: str, depth: int, rules: RuleSet,
          submission: Submission, budget: list[int], visited: set[Path], logos: frozenset[Path]) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        submission.skipped.append(Skipped(prefix.rstrip("/") or ".", "unreadable"))
        return
    pages = _page_names(entries)
    logos_here = {path.name for path in logos if path.parent == directory.resolve()} if logos else set()
    for entry in entries:
        name = entry.name
        rel = prefix + _display_name(name)
        if ignored_name(name, rules) or name in logos_here:
            continue
        page_of = _saved_page_of(name)
        if page_of is not None and entry.is_dir(follow_symlinks=False):
            # A browser's "网页，全部" save: the page's own pictures, scripts and frames. Not
            # materials (renaming them after a SKU would break the page), not checked. Without
            # its page beside it, it is a leftover: one M103 for the folder, its files unread.
            if page_of not in pages:
                submission.skipped.append(Skipped(rel, "page_files_alone"))
            continue
        path = Path(entry.path)
        try:
            is_link = entry.is_symlink()
            if is_link:
                target = path.resolve()
                if not target.is_relative_to(root) or not target.exists():
                    submission.skipped.append(Skipped(rel, "link_outside"))
                    continue
            is_dir = entry.is_dir()  # follows a link inside the folder
            is_file = entry.is_file()
        except RuntimeError:  # Path.resolve on a symlink loop (Python < 3.13; 3.13 raises OSError)
            submission.skipped.append(Skipped(rel, "link_outside"))
            continue
        except OSError as exc:
            reason = "link_outside" if exc.errno == errno.ELOOP else "unreadable"
            submission.skipped.append(Skipped(rel, reason))
            continue
        if is_dir:
            if name in rules.folder.ignore_dirs:
                continue
            real = path.resolve()
            if real in visited:
                continue  # a link back into a folder already walked: a loop
            if depth + 1 >= rules.folder.max_depth:
                submission.skipped.append(Skipped(rel, "too_deep"))
                continue
            _walk(path, root, rel + "/", depth + 1, rules, submission, budget, visited | {real}, logos)
            continue
        if not is_file:
            # A named pipe would block the first read forever; a device or a socket is no
            # submission file either.
            submission.skipped.append(Skipped(rel, "special"))
            continue
        if budget[0] <= 0:
            submission.skipped.append(Skipped(rel, "too_many"))
            return
        budget[0] -= 1
        material = classify(path, rel, rules)
        (submission.materials if material.role else submission.strays).append(material)


HTML_EXTENSIONS = (".html", ".htm", ".mhtml", ".mht")  # .mhtml/.mht: "网页，单个文件" (Chrome, Edge)
# Chrome, Edge and Firefox write "<page>_files"; IE and Chinese Windows "<page>.files".
_PAGE_FILES_SUFFIXES = ("_files", ".files")
_PAGE_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml")


def _saved_page_of(name: str) -> str | None:
    """The page a "<page>_files" folder name belongs to (case-folded stem), else None."""
    lowered = name.casefold()
    for suffix in _PAGE_FILES_SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            return lowered[: -len(suffix)]
    return None


def _page_names(entries) -> set[str]:
    """Case-folded stems of the web pages in one folder (Windows names are case-insensitive)."""
    stems = set()
    for entry in entries:
        stem, dot, extension = entry.name.casefold().rpartition(".")
        if dot and "." + extension in _PAGE_EXTENSIONS:
            stems.add(stem)
    return stems


def _display_name(name: str) -> str:
    """File names that are not valid Unicode (bytes from another code page) shown with escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if _has_surrogates(name) else name


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")  # in C: only a lone surrogate (an undecodable byte) refuses
    except UnicodeEncodeError:
        return True
    return False


def ignored_name(name: str, rules: RuleSet) -> bool:
    """A file or folder the check does not see (SPEC §2): hidden, an Office lock file, or one of
    the rule file's `ignore_names` (Thumbs.db, desktop.ini, .DS_Store); `fix` copies none of them."""
    return name.startswith((".", "~$")) or name in rules.folder.ignore_names


def _split_name(name: str) -> tuple[str, str]:
    """(stem, suffix) as PurePath gives them ("a.tar.gz" → "a.tar", ".gz"; ".env" and "a." have
    no suffix), without building a path: the walk splits every file name of the folder."""
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return name[:dot], name[dot:]
    return name, ""


def classify(path: Path, rel: str, rules: RuleSet) -> Material:
    """The material a file is by its name, within the roles this submission type has."""
    name = rel.rpartition("/")[2]
    suffix = _split_name(name)[1].lower()
    lowered = name.lower()
    folder_rules = rules.folder
    has = rules.materials.__contains__

    if suffix in folder_rules.spreadsheet_extensions and has("spreadsheet"):
        return SheetMaterial(path, rel, rules)
    if (name in folder_rules.links_files or suffix == ".url") and has("links"):
        return LinksMaterial(path, rel, "links")
    # Classic Outlook saves .msg; the reader tells the two formats apart by content.
    if suffix in (".eml", ".msg") and has("email"):
        return EmailMaterial(path, rel, "email")
    if suffix in HTML_EXTENSIONS and has("html"):
        return HtmlMaterial(path, rel, "html")
    if suffix in folder_rules.image_extensions:
        role = image_role(lowered, rules)
        if role and has(role):
            return ImageMaterial(path, rel, role, rules.material(role).image)
    return Material(path, rel, None)


def image_role(lowered_name: str, rules: RuleSet) -> str | None:
    """The role an image's name gives: a named screenshot, a screenshot of unknown role, or else
    a slot image."""
    keywords = rules.folder.roles
    for role in (*NAMED_SCREENSHOT_ROLES, UNKNOWN_SCREENSHOT):
        if any(word.lower() in lowered_name for word in getattr(keywords, role)):
            return role
    return "slot_image"

