"""Rendering to PDF, DOCX and XLSX, and charts, for the other apps."""
