"""The command line interface (click). Only this package knows terminals, prompts and exit codes."""
