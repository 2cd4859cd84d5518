"""Tests of service/knowledge/, one module per module of the package (a package: names repeat elsewhere)."""
