"""The interface's translation catalogues (.ts sources and compiled .qm files)."""
