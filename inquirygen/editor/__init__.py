"""The browser editor (``inquirygen edit``): form and live preview; the answer file stays the truth."""
