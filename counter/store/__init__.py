"""The local SQLite store: the database, its tables and migrations, backup and restore."""
