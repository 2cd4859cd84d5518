"""The tests of service/cli/, a package so that test_tables.py here and in tests/importers/ are two modules."""
