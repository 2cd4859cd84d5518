"""Tests of service/knowledge/ask/, one module per module (a package: test_sparql.py is also a web test's name)."""
