"""The devices at the counter: printers, the barcode scanner, the ID-card reader."""
