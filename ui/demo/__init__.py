"""The headless demo morning and the offscreen screenshots of every screen."""
