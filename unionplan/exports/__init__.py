"""The year-end summary's exports: Word (docx.py), Excel (xlsx.py) and PDF (pdf.py), all rendering
the one outline in document.py in the official layout of members/official.py; members/fonts.py finds a
CJK font, png.py draws the charts for Word."""
