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
