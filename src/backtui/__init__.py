"""backtui: compare treatment options for chronic low back pain in the terminal."""

__version__ = "0.1.0"
