"""cxcoach: a command-line sales coach.

Importing the package must stay cheap (the CLI runs in git hooks), so this module
only holds the version; heavier pieces are imported where they are used.
"""

__version__ = "0.1.0"
