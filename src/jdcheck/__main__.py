from jdcheck.cli import run

run()
