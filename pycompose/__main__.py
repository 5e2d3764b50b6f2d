"""``python -m pycompose``."""

from pycompose.cli.main import run

if __name__ == "__main__":
    run()
