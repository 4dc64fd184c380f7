"""What the hall accepts and when it works: the service catalog and the working-day calendar."""
