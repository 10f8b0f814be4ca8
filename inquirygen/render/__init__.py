"""Writers that lay out a resolved letter: ``docx`` through the Word template, ``text`` for the rest."""
