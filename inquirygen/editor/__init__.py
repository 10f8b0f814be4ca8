"""The browser editor (``inquirygen edit``): a form and live preview over an answer file, which stays."""
