"""Helpers for the HTML report's tests: a parsed page, and a folder that tries to inject markup."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.folders import gb_row, groupbuy
from tests.image_builders import jpeg

# A file name that is markup. `/` cannot be in a file name, so it is a folder `<script>alert(1)<`
# holding `script>.jpg`: the relative name the report shows is the whole tag.
HOSTILE_IMAGE = "<script>alert(1)</script>.jpg"
HOSTILE_CELL = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = "javascript:alert(1)"


def hostile_folder(root: Path) -> Path:
    """A group-buy folder whose file name, title cell and link cell are markup and script."""
    rows = [gb_row(title=HOSTILE_CELL, product_link=HOSTILE_LINK)]
    return groupbuy(root, rows, files={HOSTILE_IMAGE: lambda p: jpeg(p, (440, 293), kb=40)})


@dataclass
class Page:
    """What a browser would build from the page: every element with its attributes, the text."""

    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: str = ""
    styles: str = ""

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def with_class(self, name: str) -> list[tuple[str, dict[str, str | None]]]:
        return [(t, a) for t, a in self.elements if name in (a.get("class") or "").split()]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._texts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.page.elements.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.page.styles += data
        else:
            self._texts.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.page.text = " ".join("".join(parser._texts).split())
    return parser.page


def thumbnail_size(data_uri: str) -> tuple[int, int]:
    """The pixel size of a data: URI image, decoded."""
    from PIL import Image

    assert data_uri.startswith("data:image/jpeg;base64,"), data_uri[:40]
    with Image.open(io.BytesIO(base64.b64decode(data_uri.partition(",")[2]))) as im:
        im.load()
        return im.size
