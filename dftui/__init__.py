"""dftui: a terminal UI for NAVER Cloud Platform Data Flow.

Importing the package must stay cheap and must never import Textual, so that
scripts using only ``dftui.api`` do not pay for the UI.
"""

__version__ = "0.1.0"
