"""What many screens share: core refusals in the interface language, the message
strip, the reason dialog and the rating screen."""
