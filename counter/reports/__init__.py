"""Statistics over days and ranges, and exports to CSV and XLSX."""
