"""Lays the document tree out as DOCX, HTML and PDF, and draws the charts."""
