"""escalade : recouvrement de créances impayées en droit français.

Pure computation core (no I/O) in the modules named after each legal concept;
loading, storage, rendering and the command line sit at the edges.
"""

__version__ = "0.1.0"
