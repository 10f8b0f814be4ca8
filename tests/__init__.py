"""Tests of inquirygen; they mirror the modules of the package."""
