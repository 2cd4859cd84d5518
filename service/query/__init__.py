"""Running a query safely: the guard, the sandboxed query processes, limits, ordering, results and stores.

This package knows nothing of frameworks: it never imports the loading, knowledge, importers or web packages.
"""
