"""List parsers: one module per official publication format, each yielding canonical entities."""
