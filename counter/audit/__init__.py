"""The audit log: the hash chain, the names of its actions, and reading it back."""
