"""Text that XML 1.0 can hold: what every XML or HTML writer passes folder text through.

A cell, a file name or a mail subject may carry a control character nobody typed (a backspace
pasted from another program, which Excel stores as `_x0008_`). XML 1.0 forbids it even escaped:
one in a JUnit file makes the CI dashboard reject the whole report (`not well-formed`), one in an
xlsx comment makes Excel "repair" the annotated copy. It is shown as U+FFFD, the replacement
character, where the finding's own text (S009) names it.
"""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with each character XML 1.0 forbids replaced by U+FFFD."""
    return NOT_XML.sub("\ufffd", text) if NOT_XML.search(text) else text
