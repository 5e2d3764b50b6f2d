"""pycompose: a Docker Compose v2 compatible tool that shows its plan before it acts."""

__version__ = "0.1.0"
