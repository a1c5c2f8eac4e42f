"""Reporters: render(report, stream, lang) and nothing else."""

FORMATS = ("rich", "json", "junit", "html")


def get(name: str):
    if name == "json":
        from jdcheck.reporters import json as module
    elif name == "junit":
        from jdcheck.reporters import junit as module
    elif name == "html":  # Jinja2 is imported only here, when the page is asked for
        from jdcheck.reporters import html as module
    else:
        from jdcheck.reporters import console as module
    return module
