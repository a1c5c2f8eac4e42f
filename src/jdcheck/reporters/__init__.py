"""Reporters: render(report, stream, lang) and nothing else."""

FORMATS = ("rich", "json", "junit")


def get(name: str):
    if name == "json":
        from jdcheck.reporters import json as module
    elif name == "junit":
        from jdcheck.reporters import junit as module
    else:
        from jdcheck.reporters import console as module
    return module
