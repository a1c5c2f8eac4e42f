"""Every rule code of SPEC §4 with its default severity."""

from jdcheck.findings import Severity

E, W = Severity.ERROR, Severity.WARNING

TYPES = ("groupbuy", "homepage", "platform", "channel")  # the submission types (SPEC §1)

DEFAULT_SEVERITY: dict[str, Severity] = {
    "M101": E, "M102": E, "M103": W, "M104": E, "M105": E, "M106": W, "M107": E,
    "I001": E, "I002": E, "I003": E, "I004": W, "I005": E, "I006": W, "I007": W, "I008": E, "I009": W, "I010": W,
    "S001": E, "S002": E, "S003": E, "S004": E, "S005": E, "S006": E, "S007": E, "S008": E,
    "S009": W, "S010": E, "S011": W, "S012": W, "S013": E, "S014": E,
    "L001": E, "L002": E, "L003": E, "L004": E, "L005": E, "L006": W, "L007": E, "L008": E,
    "P001": E, "P002": E, "P003": E, "P004": W, "P005": E, "P006": E, "P007": W, "P008": E, "P009": E,
    "T001": W, "T002": E, "T003": E, "T004": W,
    "V001": E, "V002": E,
    "E001": E, "E002": E, "E003": E, "E004": W,
    "H001": E, "H002": E, "H003": E, "H004": E,
}  # fmt: skip

# A check that crashed: reported as an error so a bug never passes a submission silently.
INTERNAL = "X001"
# A batch folder that could not be checked at all (unreadable, vanished, broken jdcheck.yaml).
UNCHECKED = "X002"


def all_codes() -> tuple[str, ...]:
    """Every code a --select/--ignore may name: the rule codes (each helper's new code joins by its
    line in DEFAULT_SEVERITY, whether or not an optional extra runs its check) and X001/X002."""
    return (*DEFAULT_SEVERITY, INTERNAL, UNCHECKED)


_LOOKALIKE_DIGITS = str.maketrans("OoIlL", "00111")


def unknown_selector(selector: str) -> str | None:
    """None when the code or prefix names at least one rule code; else the closest code, so a
    typo (`X999`, `S0O4`) stops the run instead of silently selecting or ignoring nothing."""
    import difflib

    codes = all_codes()
    if any(code.startswith(selector) for code in codes):
        return None
    lookalike = selector[:1] + selector[1:].translate(_LOOKALIKE_DIGITS)  # S0O4 → S004
    if lookalike in codes:
        return lookalike
    swapped = [code for code in codes if sorted(code) == sorted(selector)]  # P070 → P007
    if swapped:
        return swapped[0]
    close = difflib.get_close_matches(selector, codes, n=1, cutoff=0.0)
    same_letter = [code for code in codes if code[0] == selector[:1]]
    if same_letter and len(selector) > 1:
        close = difflib.get_close_matches(selector, same_letter, n=1, cutoff=0.0) or close
    return close[0] if close else codes[0]


def parse_selectors(value) -> tuple[str, ...]:
    """Codes or prefixes from a comma/space-separated string (`P007, T004`, `I,S002`) or a list of
    them, upper-cased. Raises ValueError (messages.errors.Invalid) naming the first that is malformed or matches no code."""
    import re

    from jdcheck.messages.errors import Invalid

    parts = [value] if isinstance(value, str) else list(value)
    selectors = []
    for part in parts:
        if not isinstance(part, str):
            raise Invalid("selector_type", value=part)
        selectors += [piece.upper() for piece in re.split(r"[,;，、\s]+", part) if piece]
    for selector in selectors:
        closest = unknown_selector(selector)
        if not re.fullmatch(r"[A-Z]\d{0,3}", selector):
            raise Invalid("selector_malformed", value=selector, closest=closest)
        if closest is not None:
            raise Invalid("selector_unknown", value=selector, closest=closest)
    return tuple(selectors)
