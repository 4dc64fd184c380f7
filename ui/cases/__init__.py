"""One case whole: the case view, its timeline, its documents and certificate checks."""
