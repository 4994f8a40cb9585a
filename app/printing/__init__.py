"""Printed documents: the NĐ 30/2020/NĐ-CP layout and the bundled serif font.

``nd30.Nd30Document(path, DocHeader(...)).build(title, flowables, subtitle=, signers=)``
writes an A4 PDF with the administrative header, page numbers from page 2 and
signature blocks; ``nd30.data_table`` makes tables that repeat their header row on
every page; ``nd30.place_date`` formats "…, ngày 05 tháng 9 năm 2025".
"""
