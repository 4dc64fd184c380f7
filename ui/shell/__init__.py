"""The shell: starting the app, the command line, sign-in, the main window and its
navigation, the one task runner, and the sync status the window shows."""
