"""Today's queue at the desk's office: the lazy table model and its view."""
