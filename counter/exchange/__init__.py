"""The desk's side of the exchange platform: the outbox, what was answered, what came back."""
