"""The office's workflow around a letter: deadlines, status, contributions, sign-off, statistics."""
